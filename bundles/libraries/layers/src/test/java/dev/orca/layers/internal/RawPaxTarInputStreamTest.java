package dev.orca.layers.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RawPaxTarInputStreamTest {

    @Test
    void keepsBinaryValuesOfXattrRecordsOnly() {
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        records.writeBytes("16 path=a/b/cde\n".getBytes(StandardCharsets.US_ASCII));
        byte[] value = {(byte) 0x80, 0, '\n', (byte) 0xff};
        byte[] key = " SCHILY.xattr.security.capability=".getBytes(StandardCharsets.US_ASCII);
        int length = 2 + key.length + value.length + 1;
        records.writeBytes(Integer.toString(length).getBytes(StandardCharsets.US_ASCII));
        records.writeBytes(key);
        records.writeBytes(value);
        records.write('\n');

        Map<String, byte[]> xattrs = RawPaxTarInputStream.parse(records.toByteArray());

        assertEquals(1, xattrs.size());
        assertArrayEquals(value, xattrs.get("security.capability"));
    }

    @Test
    void stopsAtMalformedRecords() {
        assertEquals(Map.of(), RawPaxTarInputStream.parse("x SCHILY.xattr.a=b\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Map.of(), RawPaxTarInputStream.parse("99 SCHILY.xattr.a=b\n".getBytes(StandardCharsets.US_ASCII)));
    }
}
