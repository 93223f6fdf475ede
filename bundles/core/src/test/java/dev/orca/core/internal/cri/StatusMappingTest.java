package dev.orca.core.internal.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.core.internal.spec.SpecException;
import dev.orca.spi.ImageException;
import dev.orca.spi.NetworkException;
import dev.orca.spi.RuntimeHandlerException;
import io.grpc.Status;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** Each typed failure reaches the client with its code and its message; anything else as an incident. */
class StatusMappingTest {

    private static Status mapped(RuntimeException failure) {
        return StatusMapping.toStatus(failure).getStatus();
    }

    /** Each kind's failure, with the kind in its message, reaches the client with that kind's code and the message. */
    private static <K extends Enum<K>> void assertCodes(Class<K> kinds, Map<K, Status.Code> codes,
            BiFunction<K, String, RuntimeException> failure) {
        assertEquals(kinds.getEnumConstants().length, codes.size(), "every kind is listed");
        codes.forEach((kind, code) -> {
            String message = "object \"abc\": " + kind;
            Status status = mapped(failure.apply(kind, message));
            assertEquals(code, status.getCode(), kind.name());
            assertEquals(message, status.getDescription());
        });
    }

    @Test
    void eachKindHasItsCodeAndKeepsItsMessage() {
        Map<CriFailure.Kind, Status.Code> codes = new EnumMap<>(Map.ofEntries(
                Map.entry(CriFailure.Kind.INVALID, Status.Code.INVALID_ARGUMENT),
                Map.entry(CriFailure.Kind.NOT_FOUND, Status.Code.NOT_FOUND),
                Map.entry(CriFailure.Kind.ALREADY_EXISTS, Status.Code.ALREADY_EXISTS),
                Map.entry(CriFailure.Kind.FAILED_PRECONDITION, Status.Code.FAILED_PRECONDITION),
                Map.entry(CriFailure.Kind.UNAVAILABLE, Status.Code.UNAVAILABLE),
                Map.entry(CriFailure.Kind.DEADLINE_EXCEEDED, Status.Code.DEADLINE_EXCEEDED),
                Map.entry(CriFailure.Kind.PERMISSION_DENIED, Status.Code.PERMISSION_DENIED),
                Map.entry(CriFailure.Kind.RESOURCE_EXHAUSTED, Status.Code.RESOURCE_EXHAUSTED),
                Map.entry(CriFailure.Kind.DATA_LOSS, Status.Code.DATA_LOSS),
                Map.entry(CriFailure.Kind.UNKNOWN, Status.Code.UNKNOWN),
                Map.entry(CriFailure.Kind.FAILED, Status.Code.INTERNAL)));
        assertCodes(CriFailure.Kind.class, codes, CriFailure::new);
    }

    @Test
    void runtimeHandlerFailuresKeepTheirCodes() {
        Map<RuntimeHandlerException.Kind, Status.Code> codes = Map.of(
                RuntimeHandlerException.Kind.NOT_FOUND, Status.Code.NOT_FOUND,
                RuntimeHandlerException.Kind.INVALID, Status.Code.INVALID_ARGUMENT,
                RuntimeHandlerException.Kind.FAILED_PRECONDITION, Status.Code.FAILED_PRECONDITION,
                RuntimeHandlerException.Kind.TIMED_OUT, Status.Code.DEADLINE_EXCEEDED,
                RuntimeHandlerException.Kind.FAILED, Status.Code.INTERNAL);
        assertCodes(RuntimeHandlerException.Kind.class, codes,
                (kind, message) -> CriFailure.from(new RuntimeHandlerException(kind, message)));
    }

    @Test
    void imageFailuresKeepTheirCodes() {
        Map<ImageException.Kind, Status.Code> codes = Map.ofEntries(
                Map.entry(ImageException.Kind.INVALID_REFERENCE, Status.Code.INVALID_ARGUMENT),
                Map.entry(ImageException.Kind.NOT_FOUND, Status.Code.NOT_FOUND),
                Map.entry(ImageException.Kind.UNAUTHORIZED, Status.Code.PERMISSION_DENIED),
                Map.entry(ImageException.Kind.REFUSED, Status.Code.PERMISSION_DENIED),
                Map.entry(ImageException.Kind.UNREACHABLE, Status.Code.UNAVAILABLE),
                Map.entry(ImageException.Kind.TIMED_OUT, Status.Code.DEADLINE_EXCEEDED),
                Map.entry(ImageException.Kind.CORRUPT, Status.Code.DATA_LOSS),
                Map.entry(ImageException.Kind.IN_USE, Status.Code.FAILED_PRECONDITION),
                Map.entry(ImageException.Kind.NO_SPACE, Status.Code.RESOURCE_EXHAUSTED),
                Map.entry(ImageException.Kind.NOT_DEPLOYED, Status.Code.UNAVAILABLE),
                Map.entry(ImageException.Kind.FAILED, Status.Code.INTERNAL));
        assertCodes(ImageException.Kind.class, codes,
                (kind, message) -> CriFailure.from(new ImageException(kind, message)));
    }

    @Test
    void specNetworkAndStateFailuresKeepTheirCodes() {
        assertEquals(Status.Code.INVALID_ARGUMENT,
                mapped(CriFailure.from(new SpecException("container \"web\": bad"))).getCode());
        assertEquals(Status.Code.FAILED_PRECONDITION, mapped(CriFailure.from(
                new SpecException("container \"web\": no seccomp provider", SpecException.Cause.NODE))).getCode());
        Status network = mapped(CriFailure.from(new NetworkException("pod \"default/web\": bridge: no such device")));
        assertEquals(Status.Code.UNKNOWN, network.getCode());
        assertEquals("pod \"default/web\": bridge: no such device", network.getDescription());
        Status state = mapped(RuntimeErrors.stateNotWritten("pod abc", new IOException("Input/output error")));
        assertEquals(Status.Code.INTERNAL, state.getCode());
        assertEquals("cannot record pod abc: Input/output error", state.getDescription());
        Status full = mapped(RuntimeErrors.stateNotWritten("pod abc", new IOException("No space left on device")));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, full.getCode());
        assertEquals("cannot record pod abc: the disk of Orca's state is full: No space left on device",
                full.getDescription());
    }

    @Test
    void anIllegalArgumentIsInvalid() {
        Status status = mapped(new IllegalArgumentException("ExecSync in container \"abc\": no command"));
        assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
        assertEquals("ExecSync in container \"abc\": no command", status.getDescription());
    }

    @Test
    void anythingElseIsAnIncidentWithoutItsText() {
        Status status = mapped(new NullPointerException("Cannot invoke \"String.length()\""));
        assertEquals(Status.Code.INTERNAL, status.getCode());
        assertTrue(status.getDescription().matches(
                "the CRI call failed unexpectedly \\(incident [0-9a-f]{8}\\); see the daemon log"),
                status.getDescription());
        assertNull(status.getCause());
    }
}
