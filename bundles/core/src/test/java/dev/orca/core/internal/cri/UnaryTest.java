package dev.orca.core.internal.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.Context;
import io.grpc.Status;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** How a call's failure reaches the client: typed ones as they are, unexpected ones as an incident with no Java text. */
class UnaryTest {

    private static final Pattern INCIDENT =
            Pattern.compile("CreateContainer failed unexpectedly \\(incident ([0-9a-f]{8})\\); see the daemon log");

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger incidents = (Logger) LoggerFactory.getLogger(Incidents.class);

    @BeforeEach
    void listen() {
        log.start();
        incidents.addAppender(log);
    }

    @AfterEach
    void stopListening() {
        incidents.detachAppender(log);
    }

    private static <T> Received<T> answer(String call, Supplier<T> body) {
        Received<T> received = new Received<>();
        Context.current().withValue(Incidents.CALL, call).run(() -> Unary.answer(received, body));
        return received;
    }

    @Test
    void anUnexpectedFailureIsAnIncidentNamingTheCallWithoutTheExceptionsText() {
        NullPointerException bug = new NullPointerException("Cannot invoke \"java.time.Duration.toMillis()\"");

        Received<String> received = answer("CreateContainer", () -> {
            throw bug;
        });

        assertEquals(Status.Code.INTERNAL, received.status().getCode());
        String description = received.status().getDescription();
        Matcher incident = INCIDENT.matcher(description);
        assertTrue(incident.matches(), description);
        assertFalse(description.contains("java.") || description.contains("Exception"), description);
        assertNull(received.status().getCause(), "nothing of the exception travels with the status");
        assertFalse(received.completed);

        assertEquals(1, log.list.size());
        ILoggingEvent logged = log.list.get(0);
        assertEquals(Level.ERROR, logged.getLevel());
        assertTrue(logged.getFormattedMessage().contains("CreateContainer"), logged.getFormattedMessage());
        assertTrue(logged.getFormattedMessage().contains("incident " + incident.group(1)),
                "the log line carries the ID the client got: " + logged.getFormattedMessage());
        assertSame(bug, ((ThrowableProxy) logged.getThrowableProxy()).getThrowable(), "with the stack trace");
    }

    @Test
    void eachIncidentHasItsOwnId() {
        String first = answer("CreateContainer", () -> {
            throw new IllegalStateException("one");
        }).status().getDescription();
        String second = answer("CreateContainer", () -> {
            throw new IllegalStateException("two");
        }).status().getDescription();

        assertFalse(first.equals(second), first);
    }

    @Test
    void typedFailuresKeepTheirCodeAndMessage() {
        Received<String> notFound = answer("ContainerStatus", () -> {
            throw new CriFailure(CriFailure.Kind.NOT_FOUND, "container \"abc\" not found");
        });
        Received<String> invalid = answer("ExecSync", () -> {
            throw new IllegalArgumentException("ExecSync in container \"abc\": no command");
        });

        assertEquals(Status.Code.NOT_FOUND, notFound.status().getCode());
        assertEquals("container \"abc\" not found", notFound.status().getDescription());
        assertEquals(Status.Code.INVALID_ARGUMENT, invalid.status().getCode());
        assertEquals("ExecSync in container \"abc\": no command", invalid.status().getDescription());
        assertTrue(log.list.isEmpty(), "typed failures are no incidents");
    }

    @Test
    void aStreamThatFailsMidwayKeepsWhatItSentAndEndsAsAnIncident() {
        Received<String> received = new Received<>();
        Context.current().withValue(Incidents.CALL, "StreamImages").run(() -> Unary.stream(received, () -> {
            received.onNext("first chunk");
            throw new IndexOutOfBoundsException("Index 200 out of bounds for length 200");
        }));

        assertEquals(List.of("first chunk"), received.answers);
        assertEquals(Status.Code.INTERNAL, received.status().getCode());
        assertTrue(received.status().getDescription().startsWith("StreamImages failed unexpectedly (incident "),
                received.status().getDescription());
    }

    @Test
    void aCallServedOutsideTheEndpointIsStillNamedAsACriCall() {
        Received<String> received = new Received<>();
        Unary.answer(received, () -> {
            throw new IllegalStateException("no call name set");
        });

        assertTrue(received.status().getDescription().startsWith("the CRI call failed unexpectedly (incident "),
                received.status().getDescription());
    }

    @Test
    void aCallThatSucceedsCompletes() {
        Received<String> received = answer("Version", () -> "0.1.0");

        assertEquals(List.of("0.1.0"), received.answers);
        assertTrue(received.completed);
        assertNull(received.error);
    }
}
