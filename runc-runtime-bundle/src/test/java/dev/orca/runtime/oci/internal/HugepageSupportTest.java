package dev.orca.runtime.oci.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.orca.spi.ContainerRequest;
import dev.orca.spi.oci.OciLinux;
import dev.orca.spi.oci.OciResources;
import dev.orca.spi.oci.OciSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class HugepageSupportTest {

    private static ContainerRequest withHugepages() {
        OciResources resources = new OciResources(new OciResources.OciMemory(1L << 20, null, null), null, null,
                List.of(new OciResources.OciHugepageLimit("2MB", 0)), null, null);
        OciLinux linux = new OciLinux(List.of(), resources, "/pod/c", null, null, null, null, null, null);
        return new ContainerRequest("c", "p", new OciSpec(OciSpec.VERSION, null, null, null, List.of(), linux, null),
                null, false, false, false);
    }

    @Test
    void aNodeWithHugetlbKeepsTheLimits() {
        ContainerRequest request = withHugepages();
        assertSame(request, new HugepageSupport(true).apply(request));
    }

    @Test
    void aNodeWithoutHugetlbLeavesOnlyTheHugepageLimitsOut() {
        ContainerRequest applied = new HugepageSupport(false).apply(withHugepages());

        assertNull(applied.spec().linux().resources().hugepageLimits());
        assertEquals(1L << 20, applied.spec().linux().resources().memory().limit());
        assertEquals("/pod/c", applied.spec().linux().cgroupsPath());
    }
}
