package dev.orca.os.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import dev.orca.os.ExtendedAttributes;
import dev.orca.os.SystemCallException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/** lsetxattr(2), lgetxattr(2), llistxattr(2) and lremovexattr(2) through libc. */
@Component(service = ExtendedAttributes.class)
public final class LibcExtendedAttributes implements ExtendedAttributes {

    /** Attempts when an attribute grows between asking its size and reading it (ERANGE). */
    private static final int ATTEMPTS = 5;

    @Override
    public void set(Path path, String name, byte[] value) throws IOException {
        try {
            Libc.instance().lsetxattr(NativeStrings.path(path), NativeStrings.cString(name), value,
                    new NativeLong(value.length), 0);
        } catch (LastErrorException e) {
            throw NativeStrings.failure("lsetxattr(" + path + ", " + name + ")", e);
        }
    }

    @Override
    public Optional<byte[]> get(Path path, String name) throws IOException {
        byte[] cPath = NativeStrings.path(path);
        byte[] cName = NativeStrings.cString(name);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                long size = Libc.instance().lgetxattr(cPath, cName, null, new NativeLong(0)).longValue();
                byte[] value = new byte[(int) size];
                long read = size == 0 ? 0
                        : Libc.instance().lgetxattr(cPath, cName, value, new NativeLong(size)).longValue();
                return Optional.of(Arrays.copyOf(value, (int) read));
            } catch (LastErrorException e) {
                if (e.getErrorCode() == SystemCallException.ENODATA) {
                    return Optional.empty();
                }
                if (e.getErrorCode() != SystemCallException.ERANGE) {
                    throw NativeStrings.failure("lgetxattr(" + path + ", " + name + ")", e);
                }
            }
        }
        throw new IOException("lgetxattr(" + path + ", " + name + "): the value kept changing size");
    }

    @Override
    public List<String> list(Path path) throws IOException {
        byte[] cPath = NativeStrings.path(path);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                long size = Libc.instance().llistxattr(cPath, null, new NativeLong(0)).longValue();
                if (size == 0) {
                    return List.of();
                }
                byte[] names = new byte[(int) size];
                long read = Libc.instance().llistxattr(cPath, names, new NativeLong(size)).longValue();
                return split(names, (int) read);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != SystemCallException.ERANGE) {
                    throw NativeStrings.failure("llistxattr(" + path + ")", e);
                }
            }
        }
        throw new IOException("llistxattr(" + path + "): the list kept changing size");
    }

    @Override
    public void remove(Path path, String name) throws IOException {
        try {
            Libc.instance().lremovexattr(NativeStrings.path(path), NativeStrings.cString(name));
        } catch (LastErrorException e) {
            if (e.getErrorCode() != SystemCallException.ENODATA) {
                throw NativeStrings.failure("lremovexattr(" + path + ", " + name + ")", e);
            }
        }
    }

    /** The NUL-separated names llistxattr returns. */
    static List<String> split(byte[] names, int length) {
        List<String> result = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (names[i] == 0) {
                if (i > start) {
                    result.add(new String(names, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        return result;
    }
}
