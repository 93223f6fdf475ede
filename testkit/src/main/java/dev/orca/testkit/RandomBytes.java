package dev.orca.testkit;

import java.io.InputStream;
import java.util.SplittableRandom;

/** An endless stream of incompressible bytes, fast enough to fill hundreds of megabytes of layers. */
final class RandomBytes extends InputStream {

    private final SplittableRandom random;

    RandomBytes(long seed) {
        this.random = new SplittableRandom(seed);
    }

    @Override
    public int read() {
        return random.nextInt(256);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            long value = random.nextLong();
            for (int shift = 0; shift < 64; shift += 8) {
                buffer[offset + i + shift / 8] = (byte) (value >>> shift);
            }
        }
        for (; i < length; i++) {
            buffer[offset + i] = (byte) random.nextInt(256);
        }
        return length;
    }
}
