package dev.orca.os.internal;

import com.sun.jna.LastErrorException;
import dev.orca.os.SystemCallException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/** Java strings to C strings and back, and failed calls to exceptions. */
final class NativeStrings {

    /** The charset the JDK encodes file names with (from the locale), so JNA and java.nio agree on a name's bytes. */
    static final Charset FILE_NAMES = fileNameCharset();

    private NativeStrings() {
    }

    static byte[] path(Path path) {
        return cString(path.toString(), FILE_NAMES);
    }

    static byte[] cString(String value) {
        return value == null ? null : cString(value, StandardCharsets.UTF_8);
    }

    private static byte[] cString(String value, Charset charset) {
        byte[] bytes = value.getBytes(charset);
        return Arrays.copyOf(bytes, bytes.length + 1);
    }

    static SystemCallException failure(String call, LastErrorException e) {
        int errno = e.getErrorCode();
        String text;
        try {
            text = Libc.instance().strerror(errno);
        } catch (RuntimeException | LinkageError unknown) {
            text = "error " + errno;
        }
        return new SystemCallException(call, errno, text);
    }

    private static Charset fileNameCharset() {
        String name = System.getProperty("sun.jnu.encoding");
        try {
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
