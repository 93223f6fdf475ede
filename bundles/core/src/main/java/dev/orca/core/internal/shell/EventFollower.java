package dev.orca.core.internal.shell;

import dev.orca.core.internal.events.ContainerEvent;
import dev.orca.core.internal.events.EventBus;
import dev.orca.core.internal.events.Subscription;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code orca:events}: prints each container event as a line until the operator presses Enter, the session's input
 * ends ({@code orca shell} interrupted with Ctrl-C closes its connection), the output is gone, or the bus drops the
 * follower for falling behind.
 */
final class EventFollower {

    private final EventBus<ContainerEvent> bus;

    EventFollower(EventBus<ContainerEvent> bus) {
        this.bus = bus;
    }

    /** @return why following ended */
    String follow(InputStream keyboard, PrintStream out) {
        Semaphore wake = new Semaphore(0);
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread watch = new Thread(() -> {
            awaitEnterOrEnd(keyboard);
            interrupted.set(true);
            wake.release();
        }, "orca-shell-events-input");
        watch.setDaemon(true);
        try (Subscription<ContainerEvent> events = bus.subscribe("orca:events", wake::release)) {
            out.println("following container events; press Enter to stop");
            watch.start();
            while (true) {
                for (ContainerEvent event = events.poll(); event != null; event = events.poll()) {
                    out.println(EventLine.of(event));
                }
                if (out.checkError()) {
                    return "the shell's output is gone";
                }
                if (events.dropped().isPresent()) {
                    return "stopped: the shell was dropped, " + events.dropped().get();
                }
                if (interrupted.get()) {
                    return "stopped following events";
                }
                wake.tryAcquire(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static void awaitEnterOrEnd(InputStream keyboard) {
        try {
            for (int c = keyboard.read(); c != -1 && c != '\n'; c = keyboard.read()) {
                // what the operator typed before Enter is not a command
            }
        } catch (IOException e) {
            // the session is gone: stop as for its end
        }
    }
}
