package dev.orca.core.internal.cri;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.orca.core.internal.spec.ContainerSecurity;
import dev.orca.core.internal.spec.ContainerSettings;
import dev.orca.core.internal.spec.HandlerDevicePolicy;
import dev.orca.core.internal.spec.ProfileProviders;
import dev.orca.core.internal.spec.SpecException;
import dev.orca.core.internal.spec.SpecGenerator;
import dev.orca.cri.v1.ContainerConfig;
import dev.orca.cri.v1.LinuxContainerResources;
import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.UpdatePodSandboxResourcesRequest;
import dev.orca.os.FileTrees;
import dev.orca.spi.ImageConfig;
import dev.orca.spi.RuntimeFeatures;
import dev.orca.spi.SandboxInfo;
import dev.orca.spi.oci.OciSpec;
import dev.orca.testkit.fuzz.FuzzBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random CRI requests (every field present or absent, values from the edges, unknown enum numbers, huge strings,
 * lists and maps) through the core's translation into a handler's request and an OCI spec: each one becomes a spec
 * (that Jackson writes as config.json) or is refused with the core's own {@link CriFailure} (as a bad request or a
 * missing precondition) or {@link SpecException}; never another exception.
 */
@AddLifecycleHook(FuzzBudget.class)
class CriTranslationFuzzTest {

    /** What a refusal of a request may be: the request's fault, or the node lacking what it asks for. */
    private static final Set<CriFailure.Kind> REFUSALS = EnumSet.of(CriFailure.Kind.INVALID,
            CriFailure.Kind.FAILED_PRECONDITION);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path dir;
    private static Path rootfs;
    private static SpecGenerator specs;

    @BeforeContainer
    static void rootfs() throws IOException {
        dir = Files.createTempDirectory("orca-cri-fuzz").toRealPath();
        rootfs = Files.createDirectories(dir.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.createDirectories(rootfs.resolve("tmp"));
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:"
                + "/bin/sh\nbroken-line\n::::\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\napp:x:1000:\nshared:x:2000:app\nbad:x:x:\n");
        Files.createSymbolicLink(rootfs.resolve("escape"), Path.of("../../../../etc"));
        // no provider is deployed: a confining profile is refused at once as a missing precondition
        specs = SpecGenerator.forThisHost(new ProfileProviders(Duration.ZERO));
    }

    @AfterContainer
    static void remove() throws IOException {
        FileTrees.delete(dir);
    }

    @Property(tries = 3000)
    void runPodSandboxConfigsAreTranslatedOrRefused(@ForAll Random random) {
        PodSandboxConfig config = new RandomMessages(random).of(PodSandboxConfig.getDefaultInstance());
        if (random.nextInt(10) > 0) { // past the first check, most of the time
            config = config.toBuilder().setMetadata(config.getMetadata().toBuilder().setName("pod").setNamespace("ns")
                    .setUid("uid")).build();
        }
        try {
            assertNotNull(SandboxTranslation.toRequest("pod-id", config));
        } catch (CriFailure refused) {
            assertRefusal(refused);
        }
    }

    @Property(tries = 3000)
    void createContainerConfigsBecomeSpecsOrAreRefused(@ForAll Random random) throws IOException {
        RandomMessages messages = new RandomMessages(random);
        ContainerConfig config = messages.of(ContainerConfig.getDefaultInstance());
        if (random.nextInt(10) > 0) { // past the first checks, most of the time
            config = config.toBuilder().setMetadata(config.getMetadata().toBuilder().setName("app"))
                    .setImage(config.getImage().toBuilder().setImage("busybox")).build();
        }
        Map<String, String> sysctls = new HashMap<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            sysctls.put(messages.string(), messages.string());
        }
        containerThroughTheCore(config, sysctls, random);
    }

    @Property(tries = 1000)
    void mutatedWireMessagesAreTranslatedOrRefused(@ForAll Random random) throws IOException {
        RandomMessages messages = new RandomMessages(random);
        byte[] wire = messages.of(ContainerConfig.getDefaultInstance()).toByteArray();
        for (int i = 1 + random.nextInt(4); i > 0 && wire.length > 0; i--) {
            wire[random.nextInt(wire.length)] = (byte) random.nextInt(256);
        }
        ContainerConfig config;
        PodSandboxConfig pod;
        try {
            config = ContainerConfig.parseFrom(wire);
            pod = PodSandboxConfig.parseFrom(wire);
        } catch (InvalidProtocolBufferException e) {
            return; // gRPC refuses what does not parse, before the core sees it
        }
        try {
            SandboxTranslation.toRequest("pod-id", pod);
        } catch (CriFailure refused) {
            assertRefusal(refused);
        }
        containerThroughTheCore(config, Map.of(), random);
    }

    @Property(tries = 3000)
    void resourceUpdatesAreTranslatedOrRefused(@ForAll Random random) {
        RandomMessages messages = new RandomMessages(random);
        assertNotNull(ResourceTranslation.toOci(messages.of(LinuxContainerResources.getDefaultInstance())));
        try {
            assertNotNull(ResourceTranslation.podUpdate("pod-id",
                    messages.of(UpdatePodSandboxResourcesRequest.getDefaultInstance())));
        } catch (CriFailure refused) {
            assertRefusal(refused);
        }
    }

    /** CreateContainer's path through the core, from the request to the spec a handler gets, with no handler. */
    private static void containerThroughTheCore(ContainerConfig config, Map<String, String> sysctls, Random random)
            throws IOException {
        try {
            ContainerSettings settings = ContainerTranslation.toSettings(config, sysctls, "runc");
            ContainerTranslation.logPath(random.nextBoolean() ? "/var/log/pods/ns_pod_uid" : "",
                    config.getLogPath(), settings.name());
            ContainerTranslation.checkUserNamespace(config, "runc", new RuntimeFeatures(random.nextBoolean(),
                    random.nextBoolean()));
            ContainerSecurity security = specs.security(settings);
            ImageConfig image = new ImageConfig(random.nextBoolean() ? "" : "app", List.of("A=1", "PATH=/bin"),
                    random.nextBoolean() ? List.of() : List.of("/bin/sh"), List.of("-c", "true"),
                    random.nextBoolean() ? "" : "/tmp", Map.of(), "", List.of(), List.of());
            SandboxInfo sandbox = new SandboxInfo("pod-id", random.nextBoolean() ? Map.of()
                    : Map.of("network", dir.resolve("ns/net"), "pid", dir.resolve("ns/pid"), "uts",
                            dir.resolve("ns/uts")), dir.resolve("hosts"), null, null, null, "/kubepods/pod");
            OciSpec spec = HandlerDevicePolicy.apply(specs.generate(settings, security, image, sandbox, "pod-1",
                    rootfs, "/kubepods/pod/ctr"), settings.privileged(), random.nextBoolean());
            assertFalse(JSON.writeValueAsString(spec).isEmpty());
        } catch (CriFailure refused) {
            assertRefusal(refused);
        } catch (SpecException refused) {
            assertFalse(refused.getMessage() == null || refused.getMessage().isBlank());
        }
    }

    private static void assertRefusal(CriFailure refused) {
        assertTrue(REFUSALS.contains(refused.kind()), refused.kind() + ": " + refused.getMessage());
        assertFalse(refused.getMessage() == null || refused.getMessage().isBlank());
    }

}
