package dev.orca.os.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import dev.orca.os.MountTable;
import dev.orca.os.Mounts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/** mount(2) and umount2(2) through libc; the mount table from {@code /proc/self/mountinfo}. */
@Component(service = Mounts.class)
public final class LibcMounts implements Mounts {

    /** Mount data longer than this is cut in error messages. */
    private static final int SHOWN_DATA = 300;

    @Override
    public void mount(String source, Path target, String fstype, long flags, String data) throws IOException {
        try {
            Libc.instance().mount(NativeStrings.cString(source), NativeStrings.path(target),
                    NativeStrings.cString(fstype), new NativeLong(flags), NativeStrings.cString(data));
        } catch (LastErrorException e) {
            throw NativeStrings.failure("mount(" + source + ", " + target + ", " + fstype + ", flags=0x"
                    + Long.toHexString(flags) + ", data=" + shown(data) + ")", e);
        }
    }

    @Override
    public void unmount(Path target, int flags) throws IOException {
        try {
            Libc.instance().umount2(NativeStrings.path(target), flags);
        } catch (LastErrorException e) {
            throw NativeStrings.failure("umount2(" + target + ", flags=" + flags + ")", e);
        }
    }

    @Override
    public List<Path> mountPoints() throws IOException {
        return MountTable.current();
    }

    private static String shown(String data) {
        if (data == null) {
            return "null";
        }
        return data.length() <= SHOWN_DATA ? '"' + data + '"'
                : '"' + data.substring(0, SHOWN_DATA) + "…\" (" + data.length() + " characters)";
    }
}
