package dev.orca.core.internal.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.spi.ImageConfig;
import dev.orca.spi.NamespaceMode;
import dev.orca.spi.SandboxInfo;
import dev.orca.spi.oci.CapabilityNames;
import dev.orca.spi.oci.OciDevice;
import dev.orca.spi.oci.OciMount;
import dev.orca.spi.oci.OciNamespace;
import dev.orca.spi.oci.OciSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecGeneratorTest {

    @TempDir
    Path dir;
    Path rootfs;
    Path hostFile;

    private static final List<String> HELD = CapabilityNames.ALL.stream()
            .filter(c -> !c.equals("CAP_SYS_RESOURCE")).toList();

    private final HostDevices fakeDevices = new HostDevices() {
        @Override
        public OciDevice describe(Path hostPath, String containerPath) throws SpecException {
            if (!hostPath.toString().equals("/dev/fuse")) {
                throw new SpecException("device '" + hostPath + "' is not a device node");
            }
            return new OciDevice(containerPath, "c", 10, 229, 0666, 0L, 0L);
        }

        @Override
        public List<OciDevice> all() {
            return List.of(new OciDevice("/dev/fuse", "c", 10, 229, 0666, 0L, 0L),
                    new OciDevice("/dev/sda", "b", 8, 0, 0660, 0L, 6L));
        }
    };

    private final ProfileProviders providers = new ProfileProviders(Duration.ofMillis(50));
    private final SpecGenerator generator = new SpecGenerator(new Capabilities(HELD), fakeDevices, -500, providers);

    @BeforeEach
    void rootfs() throws IOException {
        rootfs = Files.createDirectories(dir.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.createDirectories(rootfs.resolve("data"));
        Files.writeString(rootfs.resolve("etc/passwd"),
                "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\napp:x:1000:\nshared:x:2000:app\n");
        Files.createSymbolicLink(rootfs.resolve("escape"), Path.of("../../../../etc"));
        Files.createSymbolicLink(rootfs.resolve("inside"), Path.of("/data"));
        hostFile = Files.writeString(dir.resolve("host-file"), "x");
    }

    private static ContainerSettings settings(List<String> command, List<String> args) {
        return new ContainerSettings("app", command, args, "", List.of("A=request"), List.of(), List.of(), false,
                false, null, null, null, List.of(), false, List.of(), List.of(), false,
                ContainerSettings.Resources.NONE, null, false, false, NamespaceMode.CONTAINER, Map.of(), Map.of(),
                List.of(), List.of(), "runc", ProfileChoice.UNCONFINED, ProfileChoice.UNCONFINED);
    }

    private static ImageConfig image(List<String> entrypoint, List<String> cmd, String user) {
        return new ImageConfig(user, List.of("A=image", "B=image"), entrypoint, cmd, "", Map.of(), "", List.of(),
                List.of());
    }

    private SandboxInfo sandbox() {
        return new SandboxInfo("pod", Map.of("network", dir.resolve("ns/net"), "ipc", dir.resolve("ns/ipc"),
                "uts", dir.resolve("ns/uts")), dir.resolve("hosts"), dir.resolve("resolv.conf"),
                dir.resolve("hostname"), dir.resolve("shm"), "/kubepods/pod1");
    }

    private OciSpec generate(ContainerSettings s, ImageConfig image) throws SpecException {
        return generator.generate(s, generator.security(s), image, sandbox(), "pod-1", rootfs, "/kubepods/pod1/ctr");
    }

    private static ContainerSettings with(ContainerSettings s, java.util.function.UnaryOperator<Builder> change) {
        return change.apply(new Builder(s)).build();
    }

    /** Changes some fields of the settings record at a time, for readable tests. */
    static final class Builder {
        private final ContainerSettings s;
        String workingDir;
        List<ContainerSettings.Mount> mounts;
        boolean privileged;
        Long uid;
        String username;
        Long gid;
        List<Long> groups;
        boolean strictGroups;
        List<String> add;
        List<String> drop;
        ContainerSettings.Resources resources;
        Integer oom;
        NamespaceMode pid;
        List<String> masked;
        ProfileChoice seccomp;
        ProfileChoice apparmor;

        Builder(ContainerSettings s) {
            this.s = s;
            workingDir = s.workingDir();
            mounts = s.mounts();
            privileged = s.privileged();
            uid = s.runAsUser();
            username = s.runAsUsername();
            gid = s.runAsGroup();
            groups = s.supplementalGroups();
            strictGroups = s.strictSupplementalGroups();
            add = s.capabilitiesAdd();
            drop = s.capabilitiesDrop();
            resources = s.resources();
            oom = s.oomScoreAdj();
            pid = s.pidMode();
            masked = s.maskedPaths();
            seccomp = s.seccomp();
            apparmor = s.apparmor();
        }

        Builder user(Long uid, String name, Long gid, List<Long> groups) {
            this.uid = uid;
            this.username = name;
            this.gid = gid;
            this.groups = groups;
            return this;
        }

        Builder strictGroups() {
            this.strictGroups = true;
            return this;
        }

        Builder caps(List<String> add, List<String> drop, boolean privileged) {
            this.add = add;
            this.drop = drop;
            this.privileged = privileged;
            return this;
        }

        Builder workdirAndMounts(String workingDir, List<ContainerSettings.Mount> mounts) {
            this.workingDir = workingDir;
            this.mounts = mounts;
            return this;
        }

        Builder limits(ContainerSettings.Resources resources, Integer oom, NamespaceMode pid) {
            this.resources = resources;
            this.oom = oom;
            this.pid = pid;
            return this;
        }

        Builder masked(List<String> paths) {
            this.masked = paths;
            return this;
        }

        Builder profiles(ProfileChoice seccomp, ProfileChoice apparmor) {
            this.seccomp = seccomp;
            this.apparmor = apparmor;
            return this;
        }

        ContainerSettings build() {
            return new ContainerSettings(s.name(), s.command(), s.args(), workingDir, s.env(), mounts, s.devices(),
                    privileged, s.readonlyRootfs(), uid, username, gid, groups, strictGroups, add, drop,
                    s.noNewPrivileges(), resources, oom, s.tty(), s.stdin(), pid, s.sysctls(), s.annotations(), masked,
                    s.readonlyPaths(), s.handler(), seccomp, apparmor);
        }
    }

    @Test
    void commandAndArgsFollowKubernetesRules() throws SpecException {
        ImageConfig img = image(List.of("/entry"), List.of("cmd"), "");
        assertEquals(List.of("/entry", "cmd"), generate(settings(List.of(), List.of()), img).process().args());
        assertEquals(List.of("/entry", "x"), generate(settings(List.of(), List.of("x")), img).process().args());
        assertEquals(List.of("/bin/sh"), generate(settings(List.of("/bin/sh"), List.of()), img).process().args());
        assertEquals(List.of("/bin/sh", "-c", "y"),
                generate(settings(List.of("/bin/sh"), List.of("-c", "y")), img).process().args());
        SpecException none = assertThrows(SpecException.class,
                () -> generate(settings(List.of(), List.of()), image(List.of(), List.of(), "")));
        assertTrue(none.getMessage().startsWith("container \"app\": no command"), none.getMessage());
    }

    @Test
    void theRequestsEnvironmentOverridesTheImagesAndPathHasADefault() {
        assertEquals(List.of(SpecGenerator.DEFAULT_PATH, "A=request", "B=image"),
                SpecGenerator.environment(List.of("A=image", "B=image"), List.of("A=request")));
        assertEquals(List.of("PATH=/x"), SpecGenerator.environment(List.of("PATH=/x"), List.of()));
    }

    @Test
    void usersResolveAgainstTheImagesOwnDatabases() throws SpecException {
        ImageConfig img = image(List.of("/e"), List.of(), "app");
        var byImage = generate(settings(List.of(), List.of()), img).process().user();
        assertEquals(1000, byImage.uid());
        assertEquals(1000, byImage.gid());
        assertEquals(List.of(2000L), byImage.additionalGids());

        var byName = generate(with(settings(List.of(), List.of()), b -> b.user(null, "root", null, List.of(3000L))),
                img).process().user();
        assertEquals(0, byName.uid());
        assertEquals(List.of(3000L), byName.additionalGids());

        var byUid = generate(with(settings(List.of(), List.of()), b -> b.user(1000L, null, 5L, List.of())), img)
                .process().user();
        assertEquals(5, byUid.gid());

        var numeric = generate(settings(List.of(), List.of()), image(List.of("/e"), List.of(), "4242:shared"))
                .process().user();
        assertEquals(4242, numeric.uid());
        assertEquals(2000, numeric.gid());

        SpecException unknown = assertThrows(SpecException.class, () -> generate(
                with(settings(List.of(), List.of()), b -> b.user(null, "ghost", null, List.of())), img));
        assertTrue(unknown.getMessage().contains("'ghost' is not in the image's /etc/passwd"), unknown.getMessage());
    }

    @Test
    void theStrictGroupsPolicyLeavesOutTheImagesGroups() throws SpecException {
        ImageConfig img = image(List.of("/e"), List.of(), "app");
        var strict = generate(with(settings(List.of(), List.of()), b -> b.user(null, null, null, List.of(3000L))
                .strictGroups()), img).process().user();
        assertEquals(1000, strict.uid());
        assertEquals(List.of(3000L), strict.additionalGids());
        var merged = generate(with(settings(List.of(), List.of()), b -> b.user(null, null, null, List.of(3000L))),
                img).process().user();
        assertEquals(List.of(2000L, 3000L), merged.additionalGids());
    }

    @Test
    void requestedMaskedPathsReplaceTheDefaults() throws SpecException {
        ImageConfig img = image(List.of("/e"), List.of(), "");
        assertEquals(DefaultMounts.MASKED_PATHS, generate(settings(List.of(), List.of()), img).linux().maskedPaths());
        assertEquals(List.of("/proc/kcore"), generate(with(settings(List.of(), List.of()),
                b -> b.masked(List.of("/proc/kcore"))), img).linux().maskedPaths());
    }

    @Test
    void profilesFromTheProvidersReachTheSpecAndAMissingProviderIsTheNodesFault() throws SpecException {
        ImageConfig img = image(List.of("/e"), List.of(), "");
        ProfileChoice runtimeDefault = new ProfileChoice(dev.orca.spi.security.ProfileKind.RUNTIME_DEFAULT, "");
        ContainerSettings confined = with(settings(List.of(), List.of()), b -> b.profiles(runtimeDefault,
                runtimeDefault));

        SpecException missing = assertThrows(SpecException.class, () -> generator.security(confined));
        assertEquals(SpecException.Cause.NODE, missing.blame());
        assertEquals("container \"app\": seccomp profile RuntimeDefault cannot be applied: no seccomp profile"
                + " provider is deployed (install the orca-seccomp (dev.orca.seccomp) bundle, feature 'security')",
                missing.getMessage());

        var seen = new java.util.ArrayList<dev.orca.spi.security.ProfileRequest>();
        providers.bind("seccomp", new FakeProvider(true, r -> {
            seen.add(r);
            return new dev.orca.spi.security.SecuritySettings(new dev.orca.spi.oci.OciSeccomp("SCMP_ACT_ERRNO", null,
                    null, List.of()), null);
        }));
        providers.bind("apparmor", new FakeProvider(true, r -> new dev.orca.spi.security.SecuritySettings(null,
                "orca-default")));
        OciSpec spec = generate(confined, img);
        assertEquals("SCMP_ACT_ERRNO", spec.linux().seccomp().defaultAction());
        assertEquals("orca-default", spec.process().apparmorProfile());
        assertEquals("runc", seen.get(0).handler());
        assertEquals(java.util.Set.copyOf(Capabilities.DEFAULT), seen.get(0).capabilities());

        assertNull(generate(settings(List.of(), List.of()), img).linux().seccomp(),
                "Unconfined asks no seccomp provider");
    }

    @Test
    void aProfileTheProviderRefusesIsTheRequestsFaultUnlessTheNodeCannotEnforceIt() {
        ProfileChoice local = new ProfileChoice(dev.orca.spi.security.ProfileKind.LOCALHOST, "x.json");
        ContainerSettings s = with(settings(List.of(), List.of()), b -> b.profiles(local, ProfileChoice.UNCONFINED));
        providers.bind("seccomp", new FakeProvider(true, r -> {
            throw new dev.orca.spi.security.ProfileException("seccomp profile x.json: unknown syscalls mkdri");
        }));
        SpecException refused = assertThrows(SpecException.class, () -> generator.security(s));
        assertEquals(SpecException.Cause.REQUEST, refused.blame());
        assertTrue(refused.getMessage().endsWith("unknown syscalls mkdri"), refused.getMessage());

        providers.bind("seccomp", new FakeProvider(false, r -> {
            throw new dev.orca.spi.security.ProfileException("no seccomp in this kernel");
        }));
        assertEquals(SpecException.Cause.NODE, assertThrows(SpecException.class, () -> generator.security(s)).blame());
    }

    /** A profile provider answering with a function, enabled or not. */
    private record FakeProvider(boolean enabled, ProfileFunction answer)
            implements dev.orca.spi.security.SecurityProfileProvider {

        @Override
        public dev.orca.spi.security.ProfileSupport support() {
            return new dev.orca.spi.security.ProfileSupport(enabled, "fake");
        }

        @Override
        public dev.orca.spi.security.SecuritySettings resolve(dev.orca.spi.security.ProfileRequest request)
                throws dev.orca.spi.security.ProfileException {
            return answer.apply(request);
        }
    }

    private interface ProfileFunction {
        dev.orca.spi.security.SecuritySettings apply(dev.orca.spi.security.ProfileRequest request)
                throws dev.orca.spi.security.ProfileException;
    }

    @Test
    void capabilitiesStartFromTheDefaultSetAndAllMeansAllTheRuntimeHolds() throws SpecException {
        ImageConfig img = image(List.of("/e"), List.of(), "");
        assertEquals(Capabilities.DEFAULT,
                generate(settings(List.of(), List.of()), img).process().capabilities().bounding());

        List<String> added = generate(with(settings(List.of(), List.of()),
                b -> b.caps(List.of("NET_ADMIN"), List.of("KILL"), false)), img).process().capabilities().effective();
        assertTrue(added.contains("CAP_NET_ADMIN"));
        assertFalse(added.contains("CAP_KILL"));

        List<String> all = generate(with(settings(List.of(), List.of()), b -> b.caps(List.of("ALL"), List.of(), false)),
                img).process().capabilities().permitted();
        assertEquals(HELD.size(), all.size());
        assertFalse(all.contains("CAP_SYS_RESOURCE"), "not held by the runtime, so not granted");

        List<String> only = generate(with(settings(List.of(), List.of()),
                b -> b.caps(List.of("CHOWN"), List.of("ALL"), false)), img).process().capabilities().bounding();
        assertEquals(List.of("CAP_CHOWN"), only);

        SpecException unknown = assertThrows(SpecException.class, () -> generate(with(settings(List.of(), List.of()),
                b -> b.caps(List.of("CAP_FLY"), List.of(), false)), img));
        assertTrue(unknown.getMessage().contains("capability 'CAP_FLY' in the add list does not exist"));
    }

    @Test
    void privilegedGetsEverythingAndNoMaskedPaths() throws SpecException {
        OciSpec spec = generate(with(settings(List.of("/e"), List.of()), b -> b.caps(List.of(), List.of(), true)),
                image(List.of(), List.of(), ""));

        assertEquals(HELD, spec.process().capabilities().bounding());
        assertNull(spec.linux().maskedPaths());
        assertNull(spec.linux().readonlyPaths());
        assertEquals(2, spec.linux().devices().size());
        assertTrue(spec.mounts().stream().filter(m -> m.destination().equals("/sys")).findFirst().orElseThrow()
                .options().contains("rw"));
    }

    @Test
    void pathsThatEscapeTheRootAreRefusedAlsoThroughPlantedLinks() {
        ImageConfig img = image(List.of("/e"), List.of(), "");
        SpecException viaLink = assertThrows(SpecException.class, () -> generate(with(settings(List.of(), List.of()),
                b -> b.workdirAndMounts("/escape/x", List.of())), img));
        assertTrue(viaLink.getMessage().contains("escapes the root filesystem through a symbolic link"),
                viaLink.getMessage());

        SpecException dotdot = assertThrows(SpecException.class, () -> generate(with(settings(List.of(), List.of()),
                b -> b.workdirAndMounts("", List.of(new ContainerSettings.Mount("/../../etc/x", hostFile.toString(),
                        false, ContainerSettings.Propagation.PRIVATE)))), img));
        assertTrue(dotdot.getMessage().contains("mount target '/../../etc/x' escapes"), dotdot.getMessage());

        SpecException missing = assertThrows(SpecException.class, () -> generate(with(settings(List.of(), List.of()),
                b -> b.workdirAndMounts("", List.of(new ContainerSettings.Mount("/m", "/no/such/source", true,
                        ContainerSettings.Propagation.PRIVATE)))), img));
        assertTrue(missing.getMessage().contains("mount source '/no/such/source'"), missing.getMessage());
    }

    @Test
    void mountsJoinThePodsFilesAndRequestedBindsInDepthOrder() throws SpecException {
        OciSpec spec = generate(with(settings(List.of("/e"), List.of()), b -> b.workdirAndMounts("/inside",
                List.of(new ContainerSettings.Mount("/var/lib/x", hostFile.toString(), true,
                        ContainerSettings.Propagation.HOST_TO_CONTAINER)))), image(List.of(), List.of(), ""));

        assertEquals("/inside", spec.process().cwd());
        OciMount bind = spec.mounts().stream().filter(m -> m.destination().equals("/var/lib/x")).findFirst()
                .orElseThrow();
        assertEquals(List.of("rbind", "ro", "rslave"), bind.options());
        assertEquals("rslave", spec.linux().rootfsPropagation());
        assertTrue(spec.mounts().stream().anyMatch(m -> m.destination().equals("/etc/hosts")));
        assertTrue(spec.mounts().stream().anyMatch(m -> m.destination().equals("/dev/shm")
                && m.source().equals(dir.resolve("shm").toString())));
        List<Integer> depths = spec.mounts().stream().map(m -> m.destination().split("/").length).toList();
        assertEquals(depths.stream().sorted().toList(), depths);
    }

    @Test
    void theSpecNamesThePodsHostnameOnlyWhereThePodHasItsOwnUtsNamespace() {
        assertEquals("pod-1", SpecGenerator.hostname(sandbox(), "pod-1"));
        assertEquals(null, SpecGenerator.hostname(sandbox(), ""));
        SandboxInfo nodeUts = new SandboxInfo("pod", Map.of("network", dir.resolve("ns/net")), null, null, null, null,
                "/kubepods/pod1");
        assertEquals(null, SpecGenerator.hostname(nodeUts, "pod-1"));
    }

    @Test
    void theRootIsAsSharedAsTheMostSharedMountNeeds() {
        var shared = new ContainerSettings.Mount("/a", "/a", false, ContainerSettings.Propagation.BIDIRECTIONAL);
        var slave = new ContainerSettings.Mount("/b", "/b", false, ContainerSettings.Propagation.HOST_TO_CONTAINER);
        var plain = new ContainerSettings.Mount("/c", "/c", false, ContainerSettings.Propagation.PRIVATE);
        assertEquals("rshared", SpecGenerator.rootfsPropagation(List.of(plain, slave, shared)));
        assertEquals("rslave", SpecGenerator.rootfsPropagation(List.of(plain, slave)));
        assertEquals(null, SpecGenerator.rootfsPropagation(List.of(plain)));
    }

    @Test
    void namespacesJoinThePodsAndTheOomScoreIsClampedToTheFloor() throws SpecException {
        OciSpec spec = generate(with(settings(List.of("/e"), List.of()), b -> b.limits(new ContainerSettings.Resources(
                512, 50_000, 100_000, "0", "", 64L << 20, Map.of()), -998, NamespaceMode.CONTAINER)),
                image(List.of(), List.of(), ""));

        List<OciNamespace> ns = spec.linux().namespaces();
        assertTrue(ns.contains(new OciNamespace("network", dir.resolve("ns/net").toString())));
        assertTrue(ns.contains(new OciNamespace("pid", null)));
        assertEquals(-500, spec.process().oomScoreAdj());
        assertEquals(64L << 20, spec.linux().resources().memory().limit());
        assertEquals(50_000L, spec.linux().resources().cpu().quota());
        assertEquals("/kubepods/pod1/ctr", spec.linux().cgroupsPath());

        SpecException noPodPid = assertThrows(SpecException.class, () -> generate(with(settings(List.of("/e"),
                List.of()), b -> b.limits(ContainerSettings.Resources.NONE, null, NamespaceMode.POD)),
                image(List.of(), List.of(), "")));
        assertTrue(noPodPid.getMessage().contains("process namespace"), noPodPid.getMessage());
    }

    @Test
    void theCapabilityMaskOfProcStatusIsDecoded() {
        assertEquals(List.of("CAP_CHOWN", "CAP_KILL"), Capabilities.fromMask(0b100001));
    }
}
