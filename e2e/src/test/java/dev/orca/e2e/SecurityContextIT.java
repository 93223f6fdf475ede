package dev.orca.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.cri.v1.Capability;
import dev.orca.cri.v1.ContainerConfig;
import dev.orca.cri.v1.ExecSyncResponse;
import dev.orca.cri.v1.Int64Value;
import dev.orca.cri.v1.LinuxContainerConfig;
import dev.orca.cri.v1.LinuxContainerSecurityContext;
import dev.orca.cri.v1.ListContainersRequest;
import dev.orca.cri.v1.NamespaceMode;
import dev.orca.cri.v1.NamespaceOption;
import dev.orca.cri.v1.PodSandboxConfig;
import dev.orca.cri.v1.SecurityProfile;
import dev.orca.cri.v1.StatusRequest;
import dev.orca.cri.v1.SupplementalGroupsPolicy;
import dev.orca.cri.v1.UserNamespace;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security contexts seen from inside real containers on the default handler (crun where it is installed): seccomp profiles (RuntimeDefault, Localhost,
 * Unconfined) from the seccomp bundle, AppArmor as this kernel allows, capabilities, privileged, users and groups;
 * bad requests refused before anything is made; and the seccomp bundle removed and brought back on a live node.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityContextIT {

    @TempDir
    static Path dir;
    static BusyboxNode node;
    static OrcaDaemon orca;
    static CriPods pods;
    static PodSandboxConfig pod;
    static String podId;
    static Path profiles;

    @BeforeAll
    static void start() throws Exception {
        profiles = Files.createDirectories(dir.resolve("seccomp-profiles"));
        node = BusyboxNode.start(dir, "security/busybox:1", Map.of("dev.orca.seccomp",
                Map.of("localhost.root", profiles.toString())));
        orca = node.orca;
        pods = node.pods;
        awaitSeccompProvider();
        pod = pods.pod("security", Map.of());
        podId = pods.run(pod);
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    private static String statusInfo(String key) {
        return orca.runtime().status(StatusRequest.newBuilder().setVerbose(true).build()).getInfoOrDefault(key, "");
    }

    private static void awaitSeccompProvider() throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (!statusInfo("seccomp").contains("\"enabled\":true")) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no seccomp provider: " + statusInfo("seccomp") + "\n" + orca.log());
            }
            Thread.sleep(100);
        }
    }

    private static LinuxContainerSecurityContext.Builder security() {
        return LinuxContainerSecurityContext.newBuilder().setNamespaceOptions(CriPods.CONTAINER_PID);
    }

    private static SecurityProfile profile(SecurityProfile.ProfileType type, String ref) {
        return SecurityProfile.newBuilder().setProfileType(type).setLocalhostRef(ref).build();
    }

    private static ContainerConfig.Builder sleeper(String name, LinuxContainerSecurityContext.Builder security) {
        return pods.container(name, name + ".log", "/bin/sh", "-c", "exec sleep 120")
                .setLinux(LinuxContainerConfig.newBuilder().setSecurityContext(security));
    }

    private static String running(String name, LinuxContainerSecurityContext.Builder security) {
        return pods.createAndStart(podId, pod, sleeper(name, security));
    }

    /** A line of the container's {@code /proc/self/status} (as its shell sees itself), without the key. */
    private static String procStatus(String id, String key) {
        return pods.output(id, "cat", "/proc/self/status").lines().filter(l -> l.startsWith(key + ":"))
                .map(l -> l.substring(key.length() + 1).strip()).findFirst().orElseThrow();
    }

    private static long mask(String id, String key) {
        return Long.parseUnsignedLong(procStatus(id, key), 16);
    }

    private static String combined(ExecSyncResponse response) {
        return response.getStdout().toStringUtf8() + response.getStderr().toStringUtf8();
    }

    @Test
    @Order(1)
    void runtimeDefaultRefusesNamespacesWithEpermWhereUnconfinedAllowsThem() {
        String confined = running("seccomp-default", security().setSeccomp(
                profile(SecurityProfile.ProfileType.RuntimeDefault, "")));
        String deprecated = running("seccomp-docker-default", security().setSeccompProfilePath("docker/default"));
        String unconfined = running("seccomp-unconfined", security().setSeccomp(
                profile(SecurityProfile.ProfileType.Unconfined, "")));

        assertEquals("2", procStatus(confined, "Seccomp"), "filter mode");
        assertEquals("2", procStatus(deprecated, "Seccomp"), "filter mode through the deprecated path");
        assertEquals("0", procStatus(unconfined, "Seccomp"));

        // Creating a user namespace needs no capability: only the seccomp filter stands in the way.
        ExecSyncResponse blocked = pods.exec(confined, "unshare", "-U", "true");
        assertNotEquals(0, blocked.getExitCode());
        assertTrue(combined(blocked).contains("Operation not permitted"), combined(blocked));
        assertNotEquals(0, pods.exec(deprecated, "unshare", "-U", "true").getExitCode());
        ExecSyncResponse allowed = pods.exec(unconfined, "unshare", "-U", "true");
        assertEquals(0, allowed.getExitCode(), combined(allowed));

        ExecSyncResponse mount = pods.exec(confined, "mount", "-t", "tmpfs", "none", "/mnt");
        assertNotEquals(0, mount.getExitCode());
        ExecSyncResponse ordinary = pods.exec(confined, "sh", "-c", "mkdir /tmp/d && echo ok > /tmp/d/f && cat /tmp/d/f");
        assertEquals("ok\n", ordinary.getStdout().toStringUtf8(), combined(ordinary));
    }

    @Test
    @Order(2)
    void aLocalhostProfileBlockingMkdirTakesEffect() throws IOException {
        Path noMkdir = Files.writeString(profiles.resolve("no-mkdir.json"), """
                {"defaultAction": "SCMP_ACT_ALLOW",
                 "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}
                """);
        String local = running("seccomp-localhost", security().setSeccomp(
                profile(SecurityProfile.ProfileType.Localhost, noMkdir.toString())));
        String legacy = running("seccomp-localhost-path", security().setSeccompProfilePath("localhost/no-mkdir.json"));

        for (String id : List.of(local, legacy)) {
            ExecSyncResponse refused = pods.exec(id, "mkdir", "/tmp/blocked");
            assertNotEquals(0, refused.getExitCode());
            assertTrue(combined(refused).contains("Operation not permitted"), combined(refused));
            assertEquals(0, pods.exec(id, "touch", "/tmp/file-is-fine").getExitCode());
        }
    }

    @Test
    @Order(3)
    void capabilitiesNoNewPrivsAndAReadOnlyRootAreWhatWasAsked() {
        String narrowed = running("caps-narrowed", security().setCapabilities(Capability.newBuilder()
                .addDropCapabilities("ALL").addAddCapabilities("NET_BIND_SERVICE").addAddCapabilities("CAP_KILL"))
                .setNoNewPrivs(true).setReadonlyRootfs(true));
        String changed = running("caps-changed", security().setCapabilities(Capability.newBuilder()
                .addAddCapabilities("NET_RAW").addDropCapabilities("CHOWN").addDropCapabilities("setuid")));

        long kill = 1L << 5;
        long netBindService = 1L << 10;
        assertEquals(kill | netBindService, mask(narrowed, "CapEff"));
        assertEquals(kill | netBindService, mask(narrowed, "CapBnd"));
        assertEquals("1", procStatus(narrowed, "NoNewPrivs"));
        ExecSyncResponse write = pods.exec(narrowed, "touch", "/written");
        assertNotEquals(0, write.getExitCode());
        assertTrue(combined(write).contains("Read-only file system"), combined(write));

        long defaults = 0x5fbL; // CHOWN DAC_OVERRIDE FOWNER FSETID KILL SETGID SETUID SETPCAP NET_BIND_SERVICE
        long expected = (defaults | 1L << 13) & ~(1L << 0) & ~(1L << 7);
        assertEquals(expected, mask(changed, "CapEff"), Long.toHexString(mask(changed, "CapEff")));
        assertEquals("0", procStatus(changed, "NoNewPrivs"));
    }

    @Test
    @Order(4)
    void aPrivilegedContainerSeesHostDevicesHoldsAllCapabilitiesAndIsUnconfined() throws IOException {
        String hostDevice = List.of("kmsg", "loop-control", "fuse", "mem", "tty0").stream()
                .filter(d -> Files.exists(Path.of("/dev", d))).findFirst().orElseThrow();
        // A pod of its own: sysfs is one superblock per network namespace, and the first container of a pod that
        // mounts it read-only makes it read-only for every later container of that pod, privileged or not.
        PodSandboxConfig own = pods.pod("privileged", Map.of());
        String ownId = pods.run(own);
        String privileged = pods.createAndStart(ownId, own, sleeper("privileged", security().setPrivileged(true)
                .setSeccomp(profile(SecurityProfile.ProfileType.RuntimeDefault, ""))));
        String plain = running("unprivileged", security());

        assertEquals(0, pods.exec(privileged, "test", "-e", "/dev/" + hostDevice).getExitCode(), hostDevice);
        assertNotEquals(0, pods.exec(plain, "test", "-e", "/dev/" + hostDevice).getExitCode(), hostDevice);
        String ownBounding = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("CapBnd:")).findFirst().orElseThrow().substring(7).strip();
        assertEquals(Long.parseUnsignedLong(ownBounding, 16), mask(privileged, "CapEff"),
                "all the capabilities the runtime holds");
        assertEquals("0", procStatus(privileged, "Seccomp"), "privileged runs unconfined by default");
        String mounts = pods.output(privileged, "cat", "/proc/mounts");
        assertTrue(mounts.lines().anyMatch(l -> l.startsWith("sysfs /sys sysfs rw")), mounts);
        assertTrue(mounts.lines().noneMatch(l -> l.contains(" /proc/keys ") || l.contains(" /proc/sys ")),
                "no masked or read-only paths: " + mounts);
        String plainMounts = pods.output(plain, "cat", "/proc/mounts");
        assertTrue(plainMounts.lines().anyMatch(l -> l.startsWith("sysfs /sys sysfs ro")), plainMounts);
        assertTrue(plainMounts.lines().anyMatch(l -> l.contains(" /proc/keys ")), "masked: " + plainMounts);
    }

    @Test
    @Order(5)
    void theProcessRunsWithTheRequestedUserGroupAndGroups() {
        String strict = running("groups-strict", security().setRunAsUser(Int64Value.newBuilder().setValue(1000))
                .setRunAsGroup(Int64Value.newBuilder().setValue(3000)).addSupplementalGroups(4000)
                .setSupplementalGroupsPolicy(SupplementalGroupsPolicy.Strict));
        String merged = running("groups-merged", security().setRunAsUsername("app").addSupplementalGroups(4000));

        assertTrue(procStatus(strict, "Uid").startsWith("1000\t"), procStatus(strict, "Uid"));
        assertTrue(procStatus(strict, "Gid").startsWith("3000\t"), procStatus(strict, "Gid"));
        assertEquals("4000", procStatus(strict, "Groups"), "Strict: no groups from the image's /etc/group");
        assertTrue(procStatus(merged, "Gid").startsWith("1000\t"), procStatus(merged, "Gid"));
        assertEquals(List.of("2000", "4000"),
                List.of(procStatus(merged, "Groups").split(" ")).stream().sorted().toList(),
                "Merge: the image's groups of 'app' too");
        assertTrue(orca.runtime().status(StatusRequest.getDefaultInstance()).getFeatures()
                .getSupplementalGroupsPolicy());
        var strictUser = pods.status(strict).getUser().getLinux();
        assertEquals(List.of(1000L, 3000L, List.of(4000L)), List.of(strictUser.getUid(), strictUser.getGid(),
                strictUser.getSupplementalGroupsList()), "ContainerStatus.user, as the kubelet reads it back");
        var mergedUser = pods.status(merged).getUser().getLinux();
        assertEquals(List.of(2000L, 4000L), mergedUser.getSupplementalGroupsList().stream().sorted().toList());
    }

    @Test
    @Order(6)
    void appArmorFollowsWhatThisKernelOffers() {
        boolean kernelHasAppArmor;
        try {
            kernelHasAppArmor = Files.readString(Path.of("/sys/module/apparmor/parameters/enabled")).strip()
                    .equals("Y");
        } catch (IOException e) {
            kernelHasAppArmor = false;
        }
        String info = statusInfo("apparmor");
        String runtimeDefault = running("apparmor-default", security().setApparmor(
                profile(SecurityProfile.ProfileType.RuntimeDefault, "")));
        assertEquals("", pods.output(runtimeDefault, "true"));

        StatusRuntimeException localhost = refused(sleeper("apparmor-localhost", security().setApparmor(
                profile(SecurityProfile.ProfileType.Localhost, "orca-e2e-no-such-profile"))));
        if (kernelHasAppArmor) {
            System.out.println("AppArmor is enabled in this kernel: checking a missing Localhost profile is refused");
            assertTrue(info.contains("\"enabled\":true"), info);
            assertTrue(localhost.getStatus().getDescription().contains("is not loaded on this node"),
                    localhost.getMessage());
        } else {
            System.out.println("This kernel has no AppArmor: RuntimeDefault runs without it, Localhost is refused");
            assertTrue(info.contains("\"enabled\":false") && info.contains("the kernel has no AppArmor"), info);
            assertEquals(Status.Code.FAILED_PRECONDITION, localhost.getStatus().getCode());
            assertTrue(localhost.getStatus().getDescription().contains("this node's kernel has no AppArmor"),
                    localhost.getMessage());
        }
    }

    private static StatusRuntimeException refused(ContainerConfig.Builder config) {
        return assertThrows(StatusRuntimeException.class, () -> pods.create(podId, pod, config));
    }

    private static long rootFilesystems() throws IOException {
        try (var rootfs = Files.list(orca.root().resolve("storage/overlay/containers"))) {
            return rootfs.count();
        }
    }

    private static void assertRefusedBeforeAnythingIsMade(String name, LinuxContainerSecurityContext.Builder security,
            Status.Code code, String... expected) throws IOException {
        long before = rootFilesystems();
        int containers = orca.runtime().listContainers(ListContainersRequest.getDefaultInstance())
                .getContainersCount();
        StatusRuntimeException error = refused(sleeper(name, security));
        assertEquals(code, error.getStatus().getCode(), error.getMessage());
        for (String text : expected) {
            assertTrue(error.getStatus().getDescription().contains(text), error.getMessage());
        }
        assertEquals(before, rootFilesystems(), "no root filesystem made for " + name);
        assertEquals(containers, orca.runtime().listContainers(ListContainersRequest.getDefaultInstance())
                .getContainersCount());
    }

    @Test
    @Order(7)
    void badProfilesCapabilitiesSysctlsAndUserNamespacesAreRefusedBeforeAnythingIsMade() throws IOException {
        Files.writeString(profiles.resolve("malformed.json"), "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [");
        Files.writeString(profiles.resolve("typo.json"), """
                {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir", "mkdri"], "action": "SCMP_ACT_ERRNO"}]}
                """);
        Files.writeString(dir.resolve("outside.json"), "{\"defaultAction\": \"SCMP_ACT_ALLOW\"}");

        assertRefusedBeforeAnythingIsMade("climbing", security().setSeccomp(profile(
                SecurityProfile.ProfileType.Localhost, "../outside.json")), Status.Code.INVALID_ARGUMENT,
                "'..' is not allowed");
        assertRefusedBeforeAnythingIsMade("missing", security().setSeccompProfilePath("localhost/none.json"),
                Status.Code.INVALID_ARGUMENT, "none.json does not exist");
        assertRefusedBeforeAnythingIsMade("malformed", security().setSeccomp(profile(
                SecurityProfile.ProfileType.Localhost, "malformed.json")), Status.Code.INVALID_ARGUMENT,
                "is not valid profile JSON");
        assertRefusedBeforeAnythingIsMade("typo", security().setSeccomp(profile(
                SecurityProfile.ProfileType.Localhost, "typo.json")), Status.Code.INVALID_ARGUMENT,
                "unknown syscalls mkdri");
        assertRefusedBeforeAnythingIsMade("strange-path", security().setSeccompProfilePath("/etc/profile.json"),
                Status.Code.INVALID_ARGUMENT, "is not runtime/default, docker/default, unconfined or localhost/");
        assertRefusedBeforeAnythingIsMade("bad-cap", security().setCapabilities(Capability.newBuilder()
                .addAddCapabilities("CAP_FLY")), Status.Code.INVALID_ARGUMENT, "capability 'CAP_FLY'",
                "does not exist");
        assertRefusedBeforeAnythingIsMade("userns", security().setNamespaceOptions(NamespaceOption.newBuilder()
                .setPid(NamespaceMode.CONTAINER).setUsernsOptions(UserNamespace.newBuilder()
                        .setMode(NamespaceMode.POD))), Status.Code.FAILED_PRECONDITION,
                "a user namespace was asked for, but runtime handler '" + pods.handlerOf(podId) + "'");

        StatusRuntimeException sysctl = assertThrows(StatusRuntimeException.class,
                () -> pods.run(pods.pod("bad-sysctl", Map.of("kernel.panic", "10"))));
        assertEquals(Status.Code.INVALID_ARGUMENT, sysctl.getStatus().getCode());
        assertTrue(sysctl.getStatus().getDescription().contains("sysctl \"kernel.panic\" is not namespaced"));
        assertTrue(orca.runtime().listPodSandbox(dev.orca.cri.v1.ListPodSandboxRequest.getDefaultInstance())
                .getItemsList().stream().noneMatch(p -> p.getMetadata().getName().equals("bad-sysctl")));
    }

    @Test
    @Order(8)
    void withoutTheSeccompBundleRuntimeDefaultIsRefusedAndReinstallingItRestoresService() throws Exception {
        String listing = shell("lb -s seccomp\n");
        // the profile bundle itself, not the libseccomp library (dev.orca.seccomp.bpf) listed beside it
        String bundleId = listing.lines().filter(l -> l.contains("|dev.orca.seccomp (")).findFirst()
                .orElseThrow(() -> new AssertionError("no seccomp bundle listed:\n" + listing)).split("\\|")[0]
                .replaceAll("[^0-9]", "");
        // Gogo cannot turn a number into a Bundle for "uninstall ID" here; the framework's own call does it.
        String uninstalled = shell("($.context bundle " + bundleId + ") uninstall\n");
        assertTrue(statusInfo("seccomp").contains("no seccomp profile provider is deployed"),
                statusInfo("seccomp") + "\n" + listing + "\n" + uninstalled);

        assertRefusedBeforeAnythingIsMade("no-provider", security().setSeccomp(profile(
                SecurityProfile.ProfileType.RuntimeDefault, "")), Status.Code.FAILED_PRECONDITION,
                "seccomp profile RuntimeDefault cannot be applied: no seccomp profile provider is deployed",
                "orca-seccomp");
        String unconfined = running("still-unconfined", security().setSeccomp(
                profile(SecurityProfile.ProfileType.Unconfined, "")));
        assertEquals("0", procStatus(unconfined, "Seccomp"));

        Path jar;
        try (var bundles = Files.list(orca.home().resolve("bundle"))) {
            jar = bundles.filter(p -> p.getFileName().toString().matches("orca-seccomp-\\d.*\\.jar")).findFirst()
                    .orElseThrow();
        }
        Files.copy(jar, orca.home().resolve("deploy").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        awaitSeccompProvider();
        String back = running("seccomp-back", security().setSeccomp(
                profile(SecurityProfile.ProfileType.RuntimeDefault, "")));
        assertEquals("2", procStatus(back, "Seccomp"));
        assertNotEquals(0, pods.exec(back, "unshare", "-U", "true").getExitCode());
    }

    private static String shell(String input) throws Exception {
        Process process = new ProcessBuilder(orca.home().resolve("bin/orca").toString(), "shell", "--shell-socket",
                orca.shellSocket().toString()).redirectErrorStream(true).start();
        process.getOutputStream().write((input + "exit\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return output;
    }
}
