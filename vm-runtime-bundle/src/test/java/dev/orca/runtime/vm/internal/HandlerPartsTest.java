package dev.orca.runtime.vm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orca.runtime.vm.internal.agent.Fields;
import dev.orca.runtime.vm.internal.net.PodInterface;
import dev.orca.runtime.vm.internal.qemu.QemuCommand;
import dev.orca.spi.NamespaceMode;
import dev.orca.spi.RuntimeHandlerException;
import dev.orca.spi.SandboxRequest;
import dev.orca.spi.oci.OciCapabilities;
import dev.orca.spi.oci.OciLinux;
import dev.orca.spi.oci.OciMount;
import dev.orca.spi.oci.OciProcess;
import dev.orca.spi.oci.OciResources;
import dev.orca.spi.oci.OciRlimit;
import dev.orca.spi.oci.OciRoot;
import dev.orca.spi.oci.OciSeccomp;
import dev.orca.spi.oci.OciSpec;
import dev.orca.spi.oci.OciUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandlerPartsTest {

    @TempDir
    Path dir;

    private VmSettings settings() {
        return new VmSettings("vm", Path.of("/usr/bin/qemu-system-x86_64"), dir.resolve("vmlinux"),
                dir.resolve("initramfs.img"), "loglevel=3", "q35", "", Accelerator.TCG, 1, 2, 256, 1024, 64,
                Duration.ofSeconds(30), dir.resolve("run")).validated();
    }

    @Test
    void theQemuCommandLineHasTheAgentPortTheShareTheTapAndThePidfile() {
        List<String> argv = new QemuCommand(Path.of("/usr/bin/qemu-system-x86_64"), "0123456789ab", "pc", "tcg",
                null, 320, 1, Path.of("/g/vmlinux"), Path.of("/g/initramfs.img"), "console=hvc0 quiet",
                Path.of("/run/p,1/agent.sock"), Path.of("/run/p/console.log"), Path.of("/run/p/shared"), "tap0",
                "52:54:00:01:02:03", Path.of("/run/p/qemu.pid")).argv();
        String line = String.join(" ", argv);
        assertTrue(line.startsWith("/usr/bin/qemu-system-x86_64 -name orca-0123456789ab -nodefaults -no-user-config"
                + " -display none -no-reboot -machine pc -accel tcg -cpu max -m 320 -smp 1"), line);
        assertTrue(argv.contains("socket,id=agent,path=/run/p,,1/agent.sock,server=on,wait=off"), line);
        assertTrue(argv.contains("virtserialport,bus=serial0.0,chardev=agent,name=dev.orca.agent"), line);
        assertTrue(argv.contains("local,id=shared,path=/run/p/shared,security_model=passthrough,multidevs=remap"));
        assertTrue(argv.contains("virtio-9p-pci,fsdev=shared,mount_tag=orca-shared"));
        assertTrue(argv.contains("tap,id=net0,ifname=tap0,script=no,downscript=no"));
        assertTrue(argv.contains("virtio-net-pci,netdev=net0,mac=52:54:00:01:02:03"));
        assertEquals(List.of("-pidfile", "/run/p/qemu.pid"), argv.subList(argv.size() - 2, argv.size()));
    }

    @Test
    void qbootIsTheFirmwareWhenInstalledElseQemusOwn() throws Exception {
        Path qboot = dir.resolve("qboot.rom");
        assertEquals(null, settings().bootFirmware(qboot));
        Files.writeString(qboot, "rom");
        assertEquals(qboot, settings().bootFirmware(qboot));
        VmSettings seabios = new VmSettings("vm", Path.of("q"), Path.of("k"), Path.of("i"), "", "q35",
                VmKeys.QEMU_FIRMWARE, Accelerator.TCG, 1, 2, 256, 1024, 64, Duration.ofSeconds(1), dir);
        assertEquals(null, seabios.bootFirmware(qboot));
        assertTrue(seabios.missingParts().orElseThrow().indexOf("firmware") < 0);
        VmSettings own = new VmSettings("vm", Path.of("q"), Path.of("k"), Path.of("i"), "", "q35",
                dir.resolve("bios.bin").toString(), Accelerator.TCG, 1, 2, 256, 1024, 64, Duration.ofSeconds(1), dir);
        assertEquals(dir.resolve("bios.bin"), own.bootFirmware(qboot));
        assertTrue(own.missingParts().orElseThrow().contains("firmware " + dir.resolve("bios.bin") + " is missing"));
        List<String> argv = new QemuCommand(Path.of("/q"), "n", "q35", "tcg", qboot, 320, 1, Path.of("/g/vmlinux"),
                Path.of("/g/initramfs.img"), "quiet", Path.of("/a.sock"), Path.of("/c.log"), Path.of("/s"), null,
                null, Path.of("/p")).argv();
        String line = String.join(" ", argv);
        assertTrue(line.contains("-machine q35 -accel tcg -cpu max -bios " + qboot + " -m 320"), line);
    }

    @Test
    void qemuGoesIntoAChildOfThePodsCgroupOrOfOrcasOwn() {
        assertEquals(new PodCgroup("/kubepods/burstable/podu1/orca-vm-0123456789ab", null),
                PodCgroup.of("0123456789abcdef", "/kubepods/burstable/podu1/"));
        assertEquals(new PodCgroup("/orca/pod-0123456789abcdef/orca-vm-0123456789ab", "/orca/pod-0123456789abcdef"),
                PodCgroup.of("0123456789abcdef", ""));
    }

    @Test
    void theKernelCommandLineIsTheGuestsOwnThenTheConfiguredExtra() throws Exception {
        assertEquals("console=hvc0 quiet loglevel=3", settings().cmdline());
        Files.writeString(dir.resolve("kernel-cmdline"), "console=hvc0 quiet rdinit=/init\n");
        assertEquals("console=hvc0 quiet rdinit=/init loglevel=3", settings().cmdline());
    }

    @Test
    void missingPartsAreNamedAndBadSettingsRefused() {
        assertEquals("guest initramfs " + dir.resolve("initramfs.img") + " is missing, guest kernel "
                + dir.resolve("vmlinux") + " is missing", settings().missingParts().orElseThrow());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> new VmSettings("vm",
                Path.of("q"), Path.of("k"), Path.of("i"), "", "pc", "", Accelerator.TCG, 4, 2, 8, 1024, 64,
                Duration.ZERO, dir).validated());
        assertEquals("runtime handler \"vm\": vcpus must be at least 1 and at most vcpus.max (4 > 2); memory.mib"
                + " must be at least 16 and at most memory.max.mib (8, 1024); boot.timeout.seconds must be positive",
                bad.getMessage());
        assertEquals("accelerator \"xen\" is not auto, kvm or tcg",
                assertThrows(IllegalArgumentException.class, () -> Accelerator.parse("xen")).getMessage());
    }

    @Test
    void aPodIsSizedFromItsLimitsAndOverheadOrItsAnnotationsWithinTheCaps() throws Exception {
        assertEquals(new VmSize(320, 1, "default"), VmSize.of(settings(), pod(Map.of())));
        assertEquals(new VmSize(576, 2, "annotation " + VmKeys.POD_MEMORY_MIB), VmSize.of(settings(),
                pod(Map.of(VmKeys.POD_MEMORY_MIB, "512", VmKeys.POD_VCPUS, "2"))));
        // 300 MiB of limits + 40 MiB RuntimeClass overhead + 64 MiB the handler's; 1.5 CPUs → 2 vCPUs
        assertEquals(new VmSize(404, 2, "limits"), VmSize.of(settings(), pod(Map.of(),
                resources(300L << 20, 150_000L, 100_000L), resources(40L << 20, null, null))));
        // a quota above the cap gets the cap; no period means the kernel's 100 ms
        assertEquals(new VmSize(320, 2, "default"), VmSize.of(settings(), pod(Map.of(),
                resources(0, 800_000L, null), null)));
        assertEquals(new VmSize(100, 1, "annotation " + VmKeys.POD_MEMORY_MIB), VmSize.of(settings(),
                pod(Map.of(VmKeys.POD_MEMORY_MIB, "36"), resources(300L << 20, 50_000L, 100_000L), null)));
        RuntimeHandlerException big = assertThrows(RuntimeHandlerException.class,
                () -> VmSize.of(settings(), pod(Map.of(VmKeys.POD_MEMORY_MIB, "2048"))));
        assertEquals("pod \"ns/p\" asks for 2048 MiB of memory, more than the 1024 MiB cap (memory.max.mib) of"
                + " runtime handler \"vm\"", big.getMessage());
        assertEquals(RuntimeHandlerException.Kind.INVALID, big.kind());
        RuntimeHandlerException limits = assertThrows(RuntimeHandlerException.class,
                () -> VmSize.of(settings(), pod(Map.of(), resources(1025L << 20, null, null), null)));
        assertEquals("pod \"ns/p\" asks for 1025 MiB of memory, more than the 1024 MiB cap (memory.max.mib) of"
                + " runtime handler \"vm\"", limits.getMessage());
    }

    private static OciResources resources(long memory, Long quota, Long period) {
        return new OciResources(memory > 0 ? new OciResources.OciMemory(memory, null, null) : null,
                new OciResources.OciCpu(null, quota, period, null, null), null, null, null, null);
    }

    @Test
    void theSpecBecomesCreateFields() {
        OciProcess process = new OciProcess(false, new OciUser(1000, 1000, List.of(5L, 6L), 022), List.of("sh", "-c",
                "echo hi"), List.of("PATH=/bin"), "/work", new OciCapabilities(List.of("CAP_CHOWN", "CAP_KILL"),
                List.of("CAP_KILL"), List.of(), List.of("CAP_KILL"), List.of()), List.of(new OciRlimit(
                "RLIMIT_NOFILE", 4096, 1024), new OciRlimit("RLIMIT_CORE", -1, -1)), true, 100, null);
        OciResources resources = new OciResources(new OciResources.OciMemory(64L << 20, null, null),
                new OciResources.OciCpu(512L, 50000L, 100000L, "0", null), new OciResources.OciPids(100), null, null,
                null);
        OciSpec spec = new OciSpec("1.0.2", process, new OciRoot("/host/rootfs", true), "pod", List.of(
                new OciMount("/proc", "proc", "proc", List.of("nosuid")),
                new OciMount("/data", "bind", "/var/lib/kubelet/x", List.of("rbind", "ro"))),
                new OciLinux(List.of(new dev.orca.spi.oci.OciNamespace("pid", "/run/p/pid-namespace-in-guest")),
                        resources, null, Map.of(), List.of(), null, List.of("/proc/kcore"),
                        List.of("/proc/sys"), null), Map.of());
        Fields f = CreateFields.create("c1", 7, spec, "/run/orca/shared/c-c1/rootfs",
                s -> s.equals("/var/lib/kubelet/x") ? "/run/orca/shared/c-c1/m0" : s, false, true,
                new GuestSeccomp());
        assertTrue(f.get("seccomp_bpf").isEmpty(), "no linux.seccomp, no filter");
        assertEquals(List.of("sh", "-c", "echo hi"), f.all("arg"));
        assertEquals("1", f.get("readonly_rootfs").orElseThrow());
        assertEquals("5,6", f.get("gids").orElseThrow());
        assertEquals("22", f.get("umask").orElseThrow());
        assertEquals(Long.toString((1L << 0) | (1L << 5)), f.get("cap_bounding").orElseThrow());
        assertEquals("32", f.get("cap_effective").orElseThrow());
        assertEquals("0", f.get("cap_ambient").orElseThrow());
        assertEquals(List.of("7 1024 4096", "4 18446744073709551615 18446744073709551615"), f.all("rlimit"));
        assertEquals(List.of("proc\tproc\t/proc\tnosuid", "bind\t/run/orca/shared/c-c1/m0\t/data\trbind,ro"),
                f.all("mount"));
        assertEquals("pod", f.get("pid_namespace").orElseThrow());
        assertEquals(Long.toString(64L << 20), f.get("memory_limit").orElseThrow());
        assertEquals("50000", f.get("cpu_quota").orElseThrow());
        assertEquals("100", f.get("pids_limit").orElseThrow());
        assertEquals("100", f.get("oom_score_adj").orElseThrow());
        OciProcess bad = new OciProcess(false, null, List.of("x"), null, null, new OciCapabilities(
                List.of("CAP_FLY"), null, null, null, null), null, null, null, null);
        assertEquals("capability \"CAP_FLY\" is not a Linux capability", assertThrows(
                IllegalArgumentException.class, () -> CreateFields.process(new Fields(), bad, false)).getMessage());
    }

    @Test
    void theSpecsSeccompIsCompiledForTheContainerAndItsExecs() {
        OciProcess process = new OciProcess(false, null, List.of("hostname", "x"), null, null, null, null, null, null,
                null);
        OciSeccomp blockHostname = new OciSeccomp("SCMP_ACT_ALLOW", null, List.of("SCMP_ARCH_X86_64"), List.of(
                new OciSeccomp.Syscall(List.of("sethostname"), "SCMP_ACT_ERRNO", null, null)));
        OciSpec spec = new OciSpec("1.0.2", process, new OciRoot("/host/rootfs", false), "pod", List.of(),
                new OciLinux(null, null, null, Map.of(), List.of(), blockHostname, null, null, null), Map.of());
        GuestSeccomp seccomp = new GuestSeccomp();

        String created = CreateFields.create("c1", 7, spec, "/r", s -> s, false, false, seccomp).get("seccomp_bpf")
                .orElseThrow();
        String exec = CreateFields.exec("c1", 8, spec, List.of("sh"), false, false, seccomp).get("seccomp_bpf")
                .orElseThrow();

        assertTrue(created.matches("([0-9a-f]{16})+"), created);
        assertEquals(created, exec);
        OciSpec notify = new OciSpec("1.0.2", process, spec.root(), "pod", List.of(), new OciLinux(null, null, null,
                Map.of(), List.of(), new OciSeccomp("SCMP_ACT_NOTIFY", null, null, List.of()), null, null, null),
                Map.of());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CreateFields.create("c1", 7, notify, "/r",
                s -> s, false, false, seccomp)).getMessage().contains("SCMP_ACT_NOTIFY"));
    }

    @Test
    void theCriLogHasWholeLinesAsFAndPiecesAsP() throws Exception {
        Path log = dir.resolve("c.log");
        Clock clock = Clock.fixed(Instant.parse("2024-05-01T10:00:00.123456789Z"), ZoneOffset.UTC);
        try (CriLog cri = new CriLog(log, clock)) {
            cri.write("stdout", "one\ntwo\nthr".getBytes());
            cri.write("stderr", "x".repeat(CriLog.MAX_LINE + 3).getBytes());
        }
        List<String> lines = Files.readAllLines(log);
        assertEquals("2024-05-01T10:00:00.123456789Z stdout F one", lines.get(0));
        assertEquals("2024-05-01T10:00:00.123456789Z stdout F two", lines.get(1));
        assertEquals("2024-05-01T10:00:00.123456789Z stdout P thr", lines.get(2));
        assertEquals("2024-05-01T10:00:00.123456789Z stderr P " + "x".repeat(CriLog.MAX_LINE), lines.get(3));
        assertEquals("2024-05-01T10:00:00.123456789Z stderr P xxx", lines.get(4));
    }

    @Test
    void thePodInterfaceIsReadFromIpJson() throws Exception {
        String addr = "[{\"ifname\":\"lo\",\"address\":\"00:00:00:00:00:00\",\"mtu\":65536,\"addr_info\":[{\"local\":"
                + "\"127.0.0.1\",\"prefixlen\":8,\"scope\":\"host\"}]},{\"ifname\":\"tap0\",\"address\":\"aa:aa:aa:aa:aa:aa\","
                + "\"mtu\":1500,\"addr_info\":[]},{\"ifname\":\"eth0\",\"address\":\"0a:58:0a:58:00:05\",\"mtu\":1450,"
                + "\"addr_info\":[{\"family\":\"inet\",\"local\":\"10.88.0.5\",\"prefixlen\":16,\"scope\":\"global\"},"
                + "{\"family\":\"inet6\",\"local\":\"fe80::1\",\"prefixlen\":64,\"scope\":\"link\"}]}]";
        String routes = "[{\"dst\":\"default\",\"gateway\":\"10.88.0.1\",\"dev\":\"eth0\"},{\"dst\":\"10.88.0.0/16\","
                + "\"dev\":\"eth0\",\"protocol\":\"kernel\",\"scope\":\"link\"},{\"dst\":\"10.1.0.1\",\"dev\":\"eth0\","
                + "\"scope\":\"link\"}]";
        PodInterface eth0 = PodInterface.parse(addr, routes, "tap0").orElseThrow();
        assertEquals(new PodInterface("eth0", "0a:58:0a:58:00:05", 1450, List.of("10.88.0.5/16"),
                List.of("0.0.0.0/0 10.88.0.1", "10.1.0.1/32")), eth0);
        assertTrue(PodInterface.parse("[]", "[]", "tap0").isEmpty());
    }

    @Test
    void signalsByNameOrNumber() {
        assertEquals(15, Signals.number("SIGTERM"));
        assertEquals(9, Signals.number("KILL"));
        assertEquals(2, Signals.number("2"));
        assertEquals(15, Signals.number(""));
        assertThrows(IllegalArgumentException.class, () -> Signals.number("SIGNOPE"));
    }

    private static SandboxRequest pod(Map<String, String> annotations) {
        return pod(annotations, null, null);
    }

    private static SandboxRequest pod(Map<String, String> annotations, OciResources limits, OciResources overhead) {
        return new SandboxRequest("id", "p", "ns", "u", 0, "p", "", List.of(), List.of(), List.of(),
                NamespaceMode.POD, NamespaceMode.CONTAINER, NamespaceMode.POD, "", Map.of(), List.of(), List.of(),
                Map.of(), annotations, new dev.orca.spi.PodResources(limits, overhead));
    }
}
