package dev.orca.os.internal;

import com.sun.jna.LastErrorException;
import dev.orca.os.Signals;
import java.io.IOException;
import org.osgi.service.component.annotations.Component;

/** kill(2) through libc. */
@Component(service = Signals.class)
public final class LibcSignals implements Signals {

    @Override
    public void send(long pid, int signal) throws IOException {
        if (pid <= 0 || pid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("not a single process: pid " + pid);
        }
        try {
            Descriptors.instance().kill((int) pid, signal);
        } catch (LastErrorException e) {
            throw NativeStrings.failure("kill(" + pid + ", " + signal + ")", e);
        }
    }
}
