package dev.orca.core.internal.shell;

import static dev.orca.core.internal.shell.ShellFixtures.T0;
import static dev.orca.core.internal.shell.ShellFixtures.id;
import static dev.orca.core.internal.shell.ShellFixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.core.internal.handler.DescribedHandler;
import dev.orca.core.internal.handler.RuntimeHandlerRegistry;
import dev.orca.core.internal.handler.RuntimeHandlerRegistryAccess;
import dev.orca.core.internal.pods.PodRecord;
import dev.orca.spi.RuntimeFeatures;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HandlerTableTest {

    private final RuntimeHandlerRegistry registry = new RuntimeHandlerRegistry();

    private String table(Optional<List<PodRecord>> pods) {
        return HandlerTable.of(registry.handlers(), registry.unavailable(), "runc", pods,
                id -> "dev.orca.runtime.oci 0.1.0 [" + id + "]");
    }

    /** A handler whose runtime binary is missing. */
    private static final class MissingBinary extends DescribedHandler {
        MissingBinary() {
            super("/usr/bin/runsc (oci, runtime binary /usr/bin/runsc does not exist)");
        }

        @Override
        public Optional<String> unavailability() {
            return Optional.of("runtime binary /usr/bin/runsc does not exist");
        }
    }

    @Test
    void handlersShowWhetherTheyAreReadyTheirPodsFeaturesBundleAndRuntimeThenHandlersPodsNeedThatAreGone() {
        RuntimeHandlerRegistryAccess.bind(registry, new DescribedHandler("/usr/sbin/runc (oci, runc 1.1.5)",
                new RuntimeFeatures(true, true)), "runc", true, 1);
        RuntimeHandlerRegistryAccess.bind(registry, new DescribedHandler("/usr/bin/crun (oci, crun 1.8.1)"),
                "crun", false, 2);
        RuntimeHandlerRegistryAccess.bind(registry, new MissingBinary(), "runsc", false, 3);
        List<PodRecord> pods = List.of(pod(id("a"), "ns", "a", "runc", T0, List.of()),
                pod(id("b"), "ns", "b", "runc", T0, List.of()), pod(id("c"), "ns", "c", "kata", T0, List.of()));

        assertEquals("""
                HANDLER  DEFAULT  STATUS                                                     PODS  FEATURES    BUNDLE                          RUNTIME
                crun              ready                                                      0     -           dev.orca.runtime.oci 0.1.0 [1]  /usr/bin/crun (oci, crun 1.8.1)
                runc     yes      ready                                                      2     rro,userns  dev.orca.runtime.oci 0.1.0 [1]  /usr/sbin/runc (oci, runc 1.1.5)
                runsc             unavailable: runtime binary /usr/bin/runsc does not exist  0     -           dev.orca.runtime.oci 0.1.0 [1]  /usr/bin/runsc (oci, runtime binary /usr/bin/runsc does not exist)
                kata              not deployed                                               1     -           -                               -""",
                table(Optional.of(pods)));
    }

    @Test
    void withoutPodStateThePodCountIsUnknownAndTheTableSaysWhy() {
        RuntimeHandlerRegistryAccess.bind(registry, new DescribedHandler("runc"), "runc", true, 1);

        String table = table(Optional.empty());

        assertTrue(table.lines().skip(1).findFirst().orElseThrow().startsWith("runc     yes      ready   ?     -"),
                table);
        assertEquals("(" + NodeView.NO_STATE + ")", table.lines().reduce((a, b) -> b).orElseThrow());
    }

    @Test
    void noHandlerAndNoPodIsSaidInWords() {
        assertEquals("no runtime handler is deployed", table(Optional.of(List.of())));
    }
}
