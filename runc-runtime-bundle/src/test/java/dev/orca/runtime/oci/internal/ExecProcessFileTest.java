package dev.orca.runtime.oci.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecProcessFileTest {

    @TempDir
    Path dir;

    @Test
    void theExecRunsAsTheContainersProcessWithItsOwnCommandLine() throws IOException {
        Path config = Files.writeString(dir.resolve("config.json"), """
                {"ociVersion": "1.0.2", "process": {"terminal": true, "consoleSize": {"height": 1, "width": 2},
                 "user": {"uid": 1001, "gid": 1002, "additionalGids": [1234]}, "args": ["sleep", "600"],
                 "env": ["PATH=/bin", "A=b"], "cwd": "/work", "noNewPrivileges": true,
                 "capabilities": {"bounding": ["CAP_CHOWN"]}}, "root": {"path": "/r"}}
                """);
        Path pidFile = dir.resolve("exec-7.pid");
        Path written = ExecProcessFile.write(config, ExecProcessFile.beside(pidFile), List.of("id", "-u"), false);

        assertEquals(dir.resolve("exec-7.process.json"), written);
        JsonNode process = new ObjectMapper().readTree(written.toFile());
        assertEquals(List.of("id", "-u"), List.of(process.get("args").get(0).asText(), process.get("args").get(1)
                .asText()));
        assertFalse(process.get("terminal").asBoolean());
        assertFalse(process.has("consoleSize"));
        assertEquals(1001, process.get("user").get("uid").asInt());
        assertEquals(1234, process.get("user").get("additionalGids").get(0).asInt());
        assertEquals("/work", process.get("cwd").asText());
        assertEquals("A=b", process.get("env").get(1).asText());
        assertTrue(process.get("noNewPrivileges").asBoolean());
        assertEquals("CAP_CHOWN", process.get("capabilities").get("bounding").get(0).asText());
    }

    @Test
    void aSpecWithoutAProcessIsRefusedNamingTheFile() throws IOException {
        Path config = Files.writeString(dir.resolve("config.json"), "{\"ociVersion\": \"1.0.2\"}");
        IOException e = assertThrows(IOException.class, () -> ExecProcessFile.write(config,
                dir.resolve("x.json"), List.of("true"), true));
        assertTrue(e.getMessage().contains(config.toString()), e.getMessage());
    }
}
