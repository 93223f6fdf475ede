package dev.orca.image.internal.gc;

import java.io.IOException;

/** Measures the image file system; the real one asks the kernel, tests give numbers. */
@FunctionalInterface
public interface SpaceGauge {

    FileSystemSpace measure() throws IOException;
}
