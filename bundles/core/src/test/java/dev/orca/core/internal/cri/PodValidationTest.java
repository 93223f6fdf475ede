package dev.orca.core.internal.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.LinuxPodSandboxConfig;
import dev.orca.cri.v1.LinuxSandboxSecurityContext;
import dev.orca.cri.v1.NamespaceMode;
import dev.orca.cri.v1.NamespaceOption;
import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.PodSandboxMetadata;
import dev.orca.spi.SandboxRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class PodValidationTest {

    private static PodSandboxConfig pod(Map<String, String> sysctls, NamespaceMode network) {
        return PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName("web").setNamespace("default").setUid("u1"))
                .setHostname("web-0").setLogDirectory("/var/log/pods/default_web_u1")
                .setLinux(LinuxPodSandboxConfig.newBuilder().putAllSysctls(sysctls).setSecurityContext(
                        LinuxSandboxSecurityContext.newBuilder().setNamespaceOptions(
                                NamespaceOption.newBuilder().setNetwork(network).setPid(NamespaceMode.CONTAINER))))
                .build();
    }

    /** The status a client gets for the failure the call throws. */
    private static StatusRuntimeException refused(Executable call) {
        return StatusMapping.toStatus(assertThrows(CriFailure.class, call));
    }

    private static String refusal(Map<String, String> sysctls, NamespaceMode network) {
        StatusRuntimeException e = refused(
                () -> SandboxTranslation.toRequest("id", pod(sysctls, network)));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        return e.getStatus().getDescription();
    }

    @Test
    void aValidPodBecomesASandboxRequest() {
        SandboxRequest request = SandboxTranslation.toRequest("id", pod(Map.of("net.ipv4.ip_forward", "1",
                "kernel.shm_rmid_forced", "1"), NamespaceMode.POD));

        assertEquals("web", request.name());
        assertEquals(dev.orca.spi.NamespaceMode.POD, request.network());
        assertEquals(dev.orca.spi.NamespaceMode.CONTAINER, request.pid());
        assertEquals(2, request.sysctls().size());
    }

    @Test
    void thePodsLimitsAndOverheadReachTheHandler() {
        PodSandboxConfig none = pod(Map.of(), NamespaceMode.POD);
        assertEquals(dev.orca.spi.PodResources.NONE, SandboxTranslation.toRequest("id", none).resources());
        PodSandboxConfig sized = none.toBuilder().setLinux(none.getLinux().toBuilder()
                .setResources(dev.orca.cri.v1.LinuxContainerResources.newBuilder().setMemoryLimitInBytes(512L << 20)
                        .setCpuQuota(150_000).setCpuPeriod(100_000).setCpuShares(1536))
                .setOverhead(dev.orca.cri.v1.LinuxContainerResources.newBuilder().setMemoryLimitInBytes(64L << 20)))
                .build();
        dev.orca.spi.PodResources resources = SandboxTranslation.toRequest("id", sized).resources();
        assertEquals(512L << 20, dev.orca.spi.PodResources.memoryBytes(resources.limits()));
        assertEquals(2, dev.orca.spi.PodResources.cpus(resources.limits()));
        assertEquals(1536L, resources.limits().cpu().shares());
        assertEquals(64L << 20, dev.orca.spi.PodResources.memoryBytes(resources.overhead()));
        assertEquals(0, dev.orca.spi.PodResources.cpus(resources.overhead()));
    }

    @Test
    void nonNamespacedSysctlsAreRefusedNamingThem() {
        assertTrue(refusal(Map.of("kernel.core_pattern", "|/x"), NamespaceMode.POD)
                .contains("sysctl \"kernel.core_pattern\" is not namespaced"));
        assertTrue(refusal(Map.of("vm.overcommit_memory", "1"), NamespaceMode.POD).contains("vm.overcommit_memory"));
    }

    @Test
    void aValueWithASeparatorIsRefused() {
        // CVE-2022-0811: "1+kernel.core_pattern=|/x" once set a second, host-wide sysctl
        assertTrue(refusal(Map.of("kernel.shm_rmid_forced", "1+kernel.core_pattern=|/x"), NamespaceMode.POD)
                .contains("separator"));
    }

    @Test
    void networkSysctlsAreRefusedWithTheHostNetwork() {
        assertTrue(refusal(Map.of("net.ipv4.ip_forward", "1"), NamespaceMode.NODE).contains("node's network"));
    }

    @Test
    void aCgroupParentThatClimbsIsRefused() {
        PodSandboxConfig climbing = pod(Map.of(), NamespaceMode.POD).toBuilder().setLinux(
                pod(Map.of(), NamespaceMode.POD).getLinux().toBuilder().setCgroupParent("/kubepods/../../etc")).build();
        StatusRuntimeException e = refused(
                () -> SandboxTranslation.toRequest("id", climbing));
        assertTrue(e.getStatus().getDescription().contains("cgroup parent '/kubepods/../../etc'"));
    }

    @Test
    void aLogPathThatLeavesThePodsDirectoryIsRefused() {
        assertEquals(Path.of("/var/log/pods/p/web/0.log"),
                ContainerTranslation.logPath("/var/log/pods/p", "web/0.log", "web"));
        assertNull(ContainerTranslation.logPath("", "web/0.log", "web"));
        for (String escape : new String[] {"../../x.log", "/etc/x.log", "web/../../y.log"}) {
            StatusRuntimeException e = refused(
                    () -> ContainerTranslation.logPath("/var/log/pods/p", escape, "web"));
            assertTrue(e.getStatus().getDescription().contains("leaves the pod's log directory"), escape);
        }
    }
}
