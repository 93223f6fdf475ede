package dev.orca.os;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes trashed directories — already renamed out of sight, into a folder their owner empties when it opens — on a
 * thread of its own, one after the other ({@link FileTrees#delete}), so that a removal returns once its directory is
 * gone from its name, as containerd leaves a removed snapshot's files to its collector. The thread ends when there is
 * nothing to delete. What is not deleted when the owner closes, or when this process dies, is still in that folder and
 * deleted when the owner opens next.
 */
public final class Sweeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);
    private static final Duration IDLE_THREAD = Duration.ofSeconds(10);

    private final ThreadPoolExecutor thread;
    private final Duration closeWait;

    /**
     * @param name names the thread
     * @param closeWait how long {@link #close} waits for what is queued before leaving it to the next start
     */
    public Sweeper(String name, Duration closeWait) {
        this.closeWait = closeWait;
        this.thread = new ThreadPoolExecutor(0, 1, IDLE_THREAD.toMillis(), TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Deletes {@code trashed} soon; at once, on this thread, once the sweeper is closed. */
    public void sweep(Path trashed) {
        try {
            thread.execute(() -> delete(trashed));
        } catch (RejectedExecutionException closed) {
            delete(trashed);
        }
    }

    private static void delete(Path trashed) {
        try {
            FileTrees.delete(trashed);
        } catch (Exception e) {
            LOG.warn("could not delete {}; it goes when its owner opens next: {}", trashed, e.toString());
        }
    }

    /** Finishes what is queued, waiting up to the close wait; the rest is left for the owner's next start. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(closeWait.toMillis(), TimeUnit.MILLISECONDS)) {
                int left = thread.shutdownNow().size();
                LOG.info("{} trashed directories not deleted yet; they go when their owner opens next", left + 1);
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
