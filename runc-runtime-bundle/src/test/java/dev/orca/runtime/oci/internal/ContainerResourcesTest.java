package dev.orca.runtime.oci.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A container's cgroup path, read from its spec once, forgotten with the container. */
class ContainerResourcesTest {

    @TempDir
    Path runRoot;

    @Test
    void theCgroupPathIsReadOnceUntilTheContainerIsForgotten() throws Exception {
        ContainerLayout layout = new ContainerLayout(runRoot);
        ContainerResources resources = new ContainerResources(layout, new RuntimeCalls(Path.of("/usr/sbin/runc"),
                new ProcessCommands()));
        Files.createDirectories(layout.bundle("c"));
        assertNull(resources.cgroupsPath("c"), "no spec yet: nothing, and nothing kept");

        Files.writeString(layout.config("c"), "{\"linux\": {\"cgroupsPath\": \"/orca/pod-1/orca-c\"}}");
        assertEquals("/orca/pod-1/orca-c", resources.cgroupsPath("c"));
        Files.writeString(layout.config("c"), "{\"linux\": {\"cgroupsPath\": \"/elsewhere\"}}");
        assertEquals("/orca/pod-1/orca-c", resources.cgroupsPath("c"), "kept: the spec is not read again");

        resources.forget("c");
        assertEquals("/elsewhere", resources.cgroupsPath("c"), "an ID made again is read again");
    }
}
