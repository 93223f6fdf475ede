package dev.orca.layers.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orca.layers.testing.TarBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

    @Test
    void refusesAHeaderWithAWrongChecksum() {
        byte[] tar = new TarBuilder().file("a", "x", 0644).bytes();
        tar[148] = (byte) (tar[148] == '1' ? '2' : '1');
        IOException e = assertThrows(IOException.class, () -> new RawPaxTarInputStream(new ByteArrayInputStream(tar))
                .getNextEntry());
        assertEquals("a header's checksum is wrong, at byte 0", e.getMessage());
    }

    @Test
    void refusesATarEndingInsideAHeaderButNotOneEndingBetweenEntries() throws IOException {
        byte[] tar = new TarBuilder().file("a", "x", 0644).file("b", "y", 0644).bytes();
        RawPaxTarInputStream cut = new RawPaxTarInputStream(new ByteArrayInputStream(Arrays.copyOf(tar, 1024 + 200)));
        assertEquals("a", cut.getNextEntry().getName());
        assertThrows(EOFException.class, cut::getNextEntry);

        RawPaxTarInputStream unterminated = new RawPaxTarInputStream(new ByteArrayInputStream(Arrays.copyOf(tar,
                1024)));
        assertEquals("a", unterminated.getNextEntry().getName());
        assertNull(unterminated.getNextEntry());
    }
}
