package dev.orca.image.internal.gc;

/**
 * When image garbage collection starts and where it stops. A collection starts when the file system is over the
 * high threshold (more than {@code highUsedPercent} used, or less than {@code highMinFreeBytes} free) and removes
 * images until it is within the low one (at most {@code lowUsedPercent} used and at least {@code lowMinFreeBytes}
 * free). A zero turns that limit off; with both high limits off nothing is ever collected.
 */
public record GcThresholds(int highUsedPercent, int lowUsedPercent, long highMinFreeBytes, long lowMinFreeBytes) {

    public GcThresholds {
        if (highUsedPercent < 0 || highUsedPercent > 100 || lowUsedPercent < 0 || lowUsedPercent > 100) {
            throw new IllegalArgumentException("gc.high.used.percent and gc.low.used.percent must be 0 to 100, not "
                    + highUsedPercent + " and " + lowUsedPercent);
        }
        if (highMinFreeBytes < 0 || lowMinFreeBytes < 0) {
            throw new IllegalArgumentException("gc.high.min.free.bytes and gc.low.min.free.bytes must not be"
                    + " negative");
        }
        if (highUsedPercent > 0 && lowUsedPercent > highUsedPercent) {
            throw new IllegalArgumentException("gc.low.used.percent (" + lowUsedPercent
                    + ") must not be above gc.high.used.percent (" + highUsedPercent + ")");
        }
        if (lowMinFreeBytes > 0 && lowMinFreeBytes < highMinFreeBytes) {
            throw new IllegalArgumentException("gc.low.min.free.bytes (" + lowMinFreeBytes
                    + ") must not be below gc.high.min.free.bytes (" + highMinFreeBytes + ")");
        }
    }

    /** Why the file system is over the high threshold, or null when it is not. */
    String over(FileSystemSpace space) {
        if (highUsedPercent > 0 && space.usedPercent() > highUsedPercent) {
            return String.format("%.1f%% used is over gc.high.used.percent %d", space.usedPercent(), highUsedPercent);
        }
        if (highMinFreeBytes > 0 && space.availableBytes() < highMinFreeBytes) {
            return space.availableBytes() + " bytes free is under gc.high.min.free.bytes " + highMinFreeBytes;
        }
        return null;
    }

    /** Whether the file system is within the low threshold. */
    boolean within(FileSystemSpace space) {
        boolean percent = lowUsedPercent == 0 || space.usedPercent() <= lowUsedPercent;
        boolean free = lowMinFreeBytes == 0 || space.availableBytes() >= lowMinFreeBytes;
        return percent && free;
    }

    @Override
    public String toString() {
        return "high " + highUsedPercent + "% used / " + highMinFreeBytes + " bytes free, low " + lowUsedPercent
                + "% used / " + lowMinFreeBytes + " bytes free";
    }
}
