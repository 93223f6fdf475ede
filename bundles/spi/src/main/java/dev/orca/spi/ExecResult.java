package dev.orca.spi;

/**
 * What a synchronous exec produced.
 *
 * @param truncated whether output past the cap was dropped (the exit code then says so too)
 */
public record ExecResult(int exitCode, byte[] stdout, byte[] stderr, boolean truncated) {
}
