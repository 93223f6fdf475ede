package dev.orca.runtime.crio.internal;

import java.nio.file.Path;

/** The text of one configuration file as it was read. */
record ConfigText(Path file, String text) {
}
