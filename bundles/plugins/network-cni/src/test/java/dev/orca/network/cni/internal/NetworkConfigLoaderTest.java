package dev.orca.network.cni.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orca.network.cni.internal.NetworkConfigLoader.Loaded;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkConfigLoaderTest {

    @TempDir
    Path dir;

    private Loaded load() {
        return new NetworkConfigLoader(new ObjectMapper(), dir).load();
    }

    @Test
    void emptyDirectoryIsNamed() {
        Loaded loaded = load();
        assertFalse(loaded.found());
        assertTrue(loaded.problem().contains(dir.toString()), loaded.problem());
    }

    @Test
    void confIsWrappedAsAList() throws Exception {
        Files.writeString(dir.resolve("10-one.conf"), "{\"cniVersion\":\"0.4.0\",\"name\":\"one\",\"type\":\"bridge\"}");
        Loaded loaded = load();
        assertEquals("one", loaded.network().name());
        assertEquals("0.4.0", loaded.network().cniVersion());
        assertEquals("bridge", NetworkConfigList.type(loaded.network().plugins().get(0)));
    }

    @Test
    void lexicallyFirstValidFileWinsAndMalformedOnesAreReported() throws Exception {
        Files.writeString(dir.resolve("05-broken.conflist"), "{\"cniVersion\":");
        Files.writeString(dir.resolve("20-b.conflist"),
                "{\"cniVersion\":\"1.0.0\",\"name\":\"b\",\"plugins\":[{\"type\":\"bridge\"}]}");
        Files.writeString(dir.resolve("10-a.conflist"),
                "{\"cniVersion\":\"1.0.0\",\"name\":\"a\",\"plugins\":[{\"type\":\"bridge\"}]}");
        Files.writeString(dir.resolve("00-ignored.txt"), "nonsense");
        assertEquals("a", load().network().name());

        Files.delete(dir.resolve("10-a.conflist"));
        Files.delete(dir.resolve("20-b.conflist"));
        Loaded loaded = load();
        assertFalse(loaded.found());
        assertTrue(loaded.problem().contains("05-broken.conflist: Unexpected end-of-input"), loaded.problem());
    }
}
