package dev.orca.os;

/**
 * A device's major and minor number, and their encoding in a {@code dev_t} as glibc's makedev(3) does it (12 bits
 * of major and 20 of minor, split around each other).
 */
public record DeviceNumber(int major, int minor) {

    public static final DeviceNumber NONE = new DeviceNumber(0, 0);

    public DeviceNumber {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("device number " + major + ":" + minor + " is negative");
        }
    }

    /** The {@code dev_t} of this number. */
    public long encode() {
        long ma = major & 0xffffffffL;
        long mi = minor & 0xffffffffL;
        return ((ma & 0xfffff000L) << 32) | ((ma & 0xfffL) << 8) | ((mi & 0xffffff00L) << 12) | (mi & 0xffL);
    }

    /** The number a {@code dev_t} (such as {@code st_rdev}, the JDK's {@code unix:rdev}) encodes. */
    public static DeviceNumber decode(long dev) {
        long major = ((dev >>> 32) & 0xfffff000L) | ((dev >>> 8) & 0xfffL);
        long minor = ((dev >>> 12) & 0xffffff00L) | (dev & 0xffL);
        return new DeviceNumber((int) major, (int) minor);
    }

    @Override
    public String toString() {
        return major + ":" + minor;
    }
}
