package dev.orca.os.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import dev.orca.os.FileTimes;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.osgi.service.component.annotations.Component;

/** utimensat(2) through libc. */
@Component(service = FileTimes.class)
public final class LibcFileTimes implements FileTimes {

    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;

    @Override
    public void set(Path path, FileTime access, FileTime modification) throws IOException {
        // struct timespec times[2]: { tv_sec, tv_nsec } twice, each field a C long
        Memory times = new Memory(4L * NativeLong.SIZE);
        put(times, 0, access.toInstant());
        put(times, 2, modification.toInstant());
        try {
            Libc.instance().utimensat(AT_FDCWD, NativeStrings.path(path), times, AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException e) {
            throw NativeStrings.failure("utimensat(" + path + ", " + access + ", " + modification + ")", e);
        }
    }

    private static void put(Memory times, int field, Instant instant) {
        times.setNativeLong((long) field * NativeLong.SIZE, new NativeLong(instant.getEpochSecond()));
        times.setNativeLong((long) (field + 1) * NativeLong.SIZE, new NativeLong(instant.getNano()));
    }
}
