package dev.orca.os;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the mount points out of {@code /proc/self/mountinfo} (proc(5)). */
public final class MountTable {

    public static final Path SELF = Path.of("/proc/self/mountinfo");

    private MountTable() {
    }

    /** The mount points of the calling process's mount namespace. */
    public static List<Path> current() throws IOException {
        return parse(Files.readString(SELF, StandardCharsets.UTF_8));
    }

    /**
     * The mount points (fifth field) of mountinfo text, unescaped: the kernel writes space, tab, newline and
     * backslash as octal escapes ({@code \040}).
     */
    public static List<Path> parse(String mountinfo) throws IOException {
        List<Path> points = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(" ");
            if (fields.length < 5) {
                throw new IOException("mountinfo line has fewer than 5 fields: " + line);
            }
            points.add(Path.of(unescape(fields[4])));
        }
        return points;
    }

    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        byte[] raw = field.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\\' && i + 3 < raw.length && isOctal(raw[i + 1]) && isOctal(raw[i + 2])
                    && isOctal(raw[i + 3])) {
                out.write((raw[i + 1] - '0') * 64 + (raw[i + 2] - '0') * 8 + (raw[i + 3] - '0'));
                i += 3;
            } else {
                out.write(raw[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isOctal(byte b) {
        return b >= '0' && b <= '7';
    }
}
