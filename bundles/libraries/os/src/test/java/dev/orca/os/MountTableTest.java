package dev.orca.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountTableTest {

    @Test
    void readsTheFifthFieldOfEachLine() throws IOException {
        String mountinfo = """
                22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw
                36 22 0:32 / /var/lib/orca/containers/c1/merged rw,relatime - overlay overlay rw,lowerdir=/a:/b
                """;

        assertEquals(List.of(Path.of("/"), Path.of("/var/lib/orca/containers/c1/merged")),
                MountTable.parse(mountinfo));
    }

    @Test
    void unescapesOctalSpacesTabsAndBackslashes() throws IOException {
        String mountinfo = "40 22 0:33 / /tmp/with\\040space\\011tab\\134back rw - tmpfs tmpfs rw\n";

        assertEquals(List.of(Path.of("/tmp/with space\ttab\\back")), MountTable.parse(mountinfo));
    }

    @Test
    void keepsNonAsciiNames() throws IOException {
        assertEquals(List.of(Path.of("/mnt/é")), MountTable.parse("40 22 0:33 / /mnt/é rw - tmpfs tmpfs rw\n"));
    }

    @Test
    void refusesATruncatedLine() {
        IOException e = assertThrows(IOException.class, () -> MountTable.parse("40 22 0:33 /\n"));
        assertTrue(e.getMessage().contains("fewer than 5 fields"), e.getMessage());
    }

    @Test
    void theCurrentTableHasTheRoot() throws IOException {
        assertTrue(MountTable.current().contains(Path.of("/")));
    }
}
