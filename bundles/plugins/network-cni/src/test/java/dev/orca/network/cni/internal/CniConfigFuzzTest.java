package dev.orca.network.cni.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orca.os.FileTrees;
import dev.orca.testkit.fuzz.FuzzBudget;
import dev.orca.testkit.fuzz.TextMutations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * CNI configuration files mutated from a bridge .conflist and a single-plug-in .conf, loaded from the directory as
 * the network bundle loads them: each gives a network or a problem naming the file (which readiness reports), and
 * never an exception.
 */
@AddLifecycleHook(FuzzBudget.class)
class CniConfigFuzzTest {

    static final List<String> SEEDS = List.of("""
            {"cniVersion": "1.0.0", "name": "orca", "disableCheck": false, "plugins": [
              {"type": "bridge", "bridge": "orca0", "isGateway": true, "ipMasq": true,
               "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.88.0.0/16"}]], "routes": [{"dst": "0.0.0.0/0"}]}},
              {"type": "portmap", "capabilities": {"portMappings": true}}, {"type": "firewall"}]}
            """, """
            {"cniVersion": "0.4.0", "name": "single", "type": "loopback"}
            """);
    static final List<String> KEYWORDS = List.of("\"plugins\": ", "\"type\": ", "\"name\": ", "\"cniVersion\": ",
            "\"capabilities\": ", "\"disableCheck\": ", "\"ipam\": ", "\"\"", "[]", "{}", "\"1.0.0\"", "null");

    private static Path dir;

    @BeforeContainer
    static void directory() throws IOException {
        dir = Files.createTempDirectory("orca-cni-fuzz");
    }

    @AfterContainer
    static void remove() throws IOException {
        FileTrees.delete(dir);
    }

    @Property(tries = 5000)
    void filesAreLoadedOrReported(@ForAll Random random) throws IOException {
        int seed = random.nextInt(SEEDS.size());
        Path file = dir.resolve(seed == 0 ? "10-orca.conflist" : "10-single.conf");
        Files.write(file, TextMutations.mutate(SEEDS.get(seed), random, KEYWORDS).getBytes(StandardCharsets.UTF_8));
        try {
            NetworkConfigLoader.Loaded loaded = new NetworkConfigLoader(new ObjectMapper(), dir).load();
            if (loaded.found()) {
                assertFalse(loaded.network().plugins().isEmpty());
                loaded.network().plugins().forEach(NetworkConfigList::type);
            } else {
                assertTrue(loaded.problem().contains(file.getFileName().toString()), loaded.problem());
            }
        } finally {
            Files.delete(file);
        }
    }
}
