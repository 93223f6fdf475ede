package dev.orca.core.internal.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.spi.RuntimeHandler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;

class RuntimeHandlerRegistryTest {

    private final RuntimeHandlerRegistry registry = new RuntimeHandlerRegistry();
    private long nextServiceId = 1;

    private Map<String, Object> properties(String name, boolean isDefault, int ranking) {
        Map<String, Object> p = new HashMap<>();
        if (name != null) {
            p.put(RuntimeHandler.HANDLER, name);
        }
        p.put(RuntimeHandler.DEFAULT, isDefault);
        p.put(Constants.SERVICE_RANKING, ranking);
        p.put(Constants.SERVICE_ID, nextServiceId++);
        p.put(Constants.SERVICE_BUNDLEID, 7L);
        return p;
    }

    @Test
    void handlersAppearAndDisappearByName() {
        RuntimeHandler runc = new DescribedHandler("runc");
        Map<String, Object> props = properties("runc", true, 0);
        registry.bind(runc, props);
        registry.bind(new DescribedHandler("crun"), properties("crun", false, 0));

        assertEquals(List.of("crun", "runc"), registry.handlers().stream().map(HandlerEntry::name).toList());
        assertSame(runc, registry.defaultHandler().orElseThrow().handler());

        registry.unbind(runc, props);
        assertEquals(List.of("crun"), registry.handlers().stream().map(HandlerEntry::name).toList());
        assertTrue(registry.defaultHandler().isEmpty());
        assertTrue(registry.find("runc").isEmpty());
    }

    @Test
    void higherRankingWinsAndTheLoserTakesOverWhenTheWinnerLeaves() {
        RuntimeHandler first = new DescribedHandler("first");
        RuntimeHandler better = new DescribedHandler("better");
        registry.bind(first, properties("runc", false, 0));
        Map<String, Object> betterProps = properties("runc", false, 10);
        registry.bind(better, betterProps);

        assertSame(better, registry.find("runc").orElseThrow().handler());
        assertEquals(1, registry.handlers().size());

        registry.unbind(better, betterProps);
        assertSame(first, registry.find("runc").orElseThrow().handler());
    }

    @Test
    void equalRankingKeepsTheOlderService() {
        RuntimeHandler older = new DescribedHandler("older");
        registry.bind(older, properties("runc", false, 0));
        registry.bind(new DescribedHandler("newer"), properties("runc", false, 0));

        assertSame(older, registry.find("runc").orElseThrow().handler());
    }

    @Test
    void aServiceWithoutAHandlerNameIsNotOffered() {
        registry.bind(new DescribedHandler("nameless"), properties(null, true, 0));
        registry.bind(new DescribedHandler("blank"), properties("  ", true, 0));

        assertTrue(registry.handlers().isEmpty());
        assertTrue(registry.defaultHandler().isEmpty());
    }

    @Test
    void aShadowedDefaultIsNotTheDefault() {
        registry.bind(new DescribedHandler("default runc"), properties("runc", true, 0));
        RuntimeHandler winner = new DescribedHandler("plain runc");
        registry.bind(winner, properties("runc", false, 5));

        assertSame(winner, registry.find("runc").orElseThrow().handler());
        assertTrue(registry.defaultHandler().isEmpty(), "the service serving 'runc' does not claim the default");
    }

    @Test
    void equalRankingPrefersTheConfigurationPidThatSortsFirstWhateverTheOrder() {
        RuntimeHandler fromA = new DescribedHandler("a");
        Map<String, Object> later = properties("crun", false, 0);
        later.put(Constants.SERVICE_PID, "dev.orca.runtime.oci~b-crun");
        registry.bind(new DescribedHandler("b"), later);
        Map<String, Object> first = properties("crun", false, 0);
        first.put(Constants.SERVICE_PID, "dev.orca.runtime.oci~a-crun");
        registry.bind(fromA, first);

        assertSame(fromA, registry.find("crun").orElseThrow().handler());
    }

    @Test
    void anUnavailableHandlerIsNeitherListedNorTheDefaultButStillFound() {
        RuntimeHandler broken = new DescribedHandler("no binary") {
            @Override
            public java.util.Optional<String> unavailability() {
                return java.util.Optional.of("runtime binary /no/crun does not exist or is not executable");
            }
        };
        registry.bind(broken, properties("crun", true, 0));

        assertTrue(registry.handlers().isEmpty());
        assertTrue(registry.defaultHandler().isEmpty());
        assertEquals(List.of("crun"), registry.unavailable().stream().map(HandlerEntry::name).toList());
        assertSame(broken, registry.find("crun").orElseThrow().handler(), "its existing pods still reach it");
    }

    @Test
    void ofTwoDefaultCandidatesTheHigherRankedServesWhileItsBinaryIsThereAndTheOtherWhenItIsNot() {
        // the shipped configurations: crun (default ranking 1) and runc (0) both offered as the default
        java.util.concurrent.atomic.AtomicBoolean crunInstalled = new java.util.concurrent.atomic.AtomicBoolean(true);
        RuntimeHandler crun = new DescribedHandler("crun") {
            @Override
            public java.util.Optional<String> unavailability() {
                return crunInstalled.get() ? java.util.Optional.empty()
                        : java.util.Optional.of("runtime binary /usr/bin/crun does not exist or is not executable");
            }
        };
        RuntimeHandler runc = new DescribedHandler("runc");
        registry.bind(runc, properties("runc", true, 0));
        Map<String, Object> crunProperties = properties("crun", true, 0);
        crunProperties.put(RuntimeHandler.DEFAULT_RANKING, "1"); // as a .cfg file gives it: text
        crunProperties.put(Constants.SERVICE_PID, "dev.orca.runtime.oci~crun");
        registry.bind(crun, crunProperties);

        assertSame(crun, registry.defaultHandler().orElseThrow().handler());

        crunInstalled.set(false);
        assertSame(runc, registry.defaultHandler().orElseThrow().handler(), "runc where crun is missing");
        assertEquals(List.of("runc"), registry.handlers().stream().map(HandlerEntry::name).toList());

        crunInstalled.set(true);
        assertSame(crun, registry.defaultHandler().orElseThrow().handler(), "crun again once it is installed");
    }

    @Test
    void theDefaultRankingDecidesBeforeServiceRankingAndAnUnreadableOneCountsAsZero() {
        RuntimeHandler ranked = new DescribedHandler("ranked");
        RuntimeHandler preferred = new DescribedHandler("preferred");
        registry.bind(ranked, properties("ranked", true, 10));
        Map<String, Object> preferredProperties = properties("preferred", true, 0);
        preferredProperties.put(RuntimeHandler.DEFAULT_RANKING, 2);
        registry.bind(preferred, preferredProperties);

        assertSame(preferred, registry.defaultHandler().orElseThrow().handler());

        Map<String, Object> garbled = properties("garbled", true, 20);
        garbled.put(RuntimeHandler.DEFAULT_RANKING, "high");
        registry.bind(new DescribedHandler("garbled"), garbled);
        assertSame(preferred, registry.defaultHandler().orElseThrow().handler(), "'high' counts as 0");
    }
}
