package dev.orca.os.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The libc functions Orca calls. Paths and names are NUL-terminated byte arrays (see {@link NativeStrings}), so they
 * reach the kernel in the same encoding the JDK uses for file names; size_t and unsigned long are C longs.
 */
interface Libc extends Library {

    int mount(byte[] source, byte[] target, byte[] fstype, NativeLong flags, byte[] data) throws LastErrorException;

    int umount2(byte[] target, int flags) throws LastErrorException;

    int mknod(byte[] path, int mode, long dev) throws LastErrorException;

    int lsetxattr(byte[] path, byte[] name, byte[] value, NativeLong size, int flags) throws LastErrorException;

    NativeLong lgetxattr(byte[] path, byte[] name, byte[] value, NativeLong size) throws LastErrorException;

    NativeLong llistxattr(byte[] path, byte[] list, NativeLong size) throws LastErrorException;

    int lremovexattr(byte[] path, byte[] name) throws LastErrorException;

    int utimensat(int dirfd, byte[] path, Pointer times, int flags) throws LastErrorException;

    String strerror(int errnum);

    /** Loaded on first use, so that merely loading the bundle's classes never touches native code. */
    static Libc instance() {
        return Holder.LIBC;
    }

    final class Holder {
        static final Libc LIBC = Native.load("c", Libc.class);

        private Holder() {
        }
    }
}
