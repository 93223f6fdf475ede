package dev.orca.os.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/** The libc calls on file descriptors: terminals, sockets, namespaces, signals. */
interface Descriptors extends Library {

    int O_RDONLY = 0;
    int O_RDWR = 2;
    int O_NOCTTY = 0x100;
    int O_NONBLOCK = 0x800;
    int O_DIRECTORY = 0x10000;
    int O_CLOEXEC = 0x80000;
    int O_PATH = 0x200000;
    int EAGAIN = 11;
    int EINTR = 4;
    short POLLIN = 0x1;
    short POLLOUT = 0x4;
    int EIO = 5;
    int TCSANOW = 0;
    /** sizeof(struct termios) is 60 with glibc on Linux; a little more is harmless. */
    int TERMIOS_SIZE = 64;

    int posix_openpt(int flags) throws LastErrorException;

    int grantpt(int fd) throws LastErrorException;

    int unlockpt(int fd) throws LastErrorException;

    /** Returns 0, or an error number (it does not promise to set errno). */
    int ptsname_r(int fd, byte[] buffer, NativeLong length);

    int ioctl(int fd, NativeLong request, Pointer argument) throws LastErrorException;

    int open(byte[] path, int flags) throws LastErrorException;

    int tcgetattr(int fd, Pointer termios) throws LastErrorException;

    int tcsetattr(int fd, int optionalActions, Pointer termios) throws LastErrorException;

    void cfmakeraw(Pointer termios);

    NativeLong read(int fd, byte[] buffer, NativeLong count) throws LastErrorException;

    NativeLong write(int fd, byte[] buffer, NativeLong count) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int poll(Pointer fds, NativeLong count, int timeoutMillis) throws LastErrorException;

    int kill(int pid, int signal) throws LastErrorException;

    int setns(int fd, int type) throws LastErrorException;

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int connect(int fd, Pointer address, int length) throws LastErrorException;

    int shutdown(int fd, int how) throws LastErrorException;

    int bind(int fd, Pointer address, int length) throws LastErrorException;

    int listen(int fd, int backlog) throws LastErrorException;

    int accept4(int fd, Pointer address, Pointer length, int flags) throws LastErrorException;

    NativeLong recvmsg(int fd, Pointer message, int flags) throws LastErrorException;

    int fcntl(int fd, int command, int argument) throws LastErrorException;

    /**
     * Waits up to {@code timeoutMillis} (0: a look) for {@code fd} to be ready for {@code events} ({@link #POLLIN},
     * {@link #POLLOUT}); a wait a signal interrupted (EINTR) counts as not ready.
     */
    static boolean ready(int fd, short events, int timeoutMillis) throws LastErrorException {
        Memory pollfd = new Memory(8);
        pollfd.setInt(0, fd);
        pollfd.setShort(4, events);
        pollfd.setShort(6, (short) 0);
        try {
            return instance().poll(pollfd, new NativeLong(1), timeoutMillis) > 0;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EINTR) {
                return false;
            }
            throw e;
        }
    }

    static Descriptors instance() {
        return Holder.DESCRIPTORS;
    }

    final class Holder {
        static final Descriptors DESCRIPTORS = Native.load("c", Descriptors.class);

        private Holder() {
        }
    }
}
