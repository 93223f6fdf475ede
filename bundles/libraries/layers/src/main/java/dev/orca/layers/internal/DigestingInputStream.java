package dev.orca.layers.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Hashes (sha256) and counts every byte that passes. Skipping reads the skipped bytes, so that they are hashed too,
 * and a failure of the underlying stream is remembered, to tell a broken transfer from bad content.
 */
public final class DigestingInputStream extends FilterInputStream {

    private final MessageDigest sha256;
    private final byte[] scratch = new byte[64 * 1024];
    private long count;
    private IOException sourceFailure;

    public DigestingInputStream(InputStream in) {
        super(in);
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public int read() throws IOException {
        int b = source(() -> in.read());
        if (b >= 0) {
            sha256.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = source(() -> in.read(buffer, offset, length));
        if (n > 0) {
            sha256.update(buffer, offset, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        while (skipped < n) {
            int got = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (got < 0) {
                break;
            }
            skipped += got;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int limit) {
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    /** Reads what is left of the stream, so that the digest covers all of it. */
    public void drain() throws IOException {
        while (read(scratch, 0, scratch.length) >= 0) {
            // hashed as it passes
        }
    }

    /** {@code sha256:<hex>} of the bytes read so far; call once, at the end. */
    public String digest() {
        return "sha256:" + HexFormat.of().formatHex(sha256.digest());
    }

    public long count() {
        return count;
    }

    /** The failure of the underlying stream, if it failed. */
    public IOException sourceFailure() {
        return sourceFailure;
    }

    private int source(Read read) throws IOException {
        try {
            return read.read();
        } catch (IOException e) {
            sourceFailure = e;
            throw e;
        }
    }

    private interface Read {
        int read() throws IOException;
    }
}
