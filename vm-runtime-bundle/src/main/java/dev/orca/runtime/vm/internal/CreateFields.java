package dev.orca.runtime.vm.internal;

import dev.orca.runtime.vm.internal.agent.Fields;
import dev.orca.spi.oci.CapabilityNames;
import dev.orca.spi.oci.OciCapabilities;
import dev.orca.spi.oci.OciMount;
import dev.orca.spi.oci.OciProcess;
import dev.orca.spi.oci.OciResources;
import dev.orca.spi.oci.OciRlimit;
import dev.orca.spi.oci.OciSpec;
import dev.orca.spi.oci.OciUser;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The OCI spec the core generated, as the fields of the agent's {@code create} and {@code exec} requests
 * (docs/vm-agent-protocol.md): capability and rlimit names become the kernel's numbers, bind mount sources their
 * guest paths in the shared directory.
 */
final class CreateFields {

    static final Map<String, Integer> RLIMITS = Map.ofEntries(Map.entry("RLIMIT_CPU", 0),
            Map.entry("RLIMIT_FSIZE", 1), Map.entry("RLIMIT_DATA", 2), Map.entry("RLIMIT_STACK", 3),
            Map.entry("RLIMIT_CORE", 4), Map.entry("RLIMIT_RSS", 5), Map.entry("RLIMIT_NPROC", 6),
            Map.entry("RLIMIT_NOFILE", 7), Map.entry("RLIMIT_MEMLOCK", 8), Map.entry("RLIMIT_AS", 9),
            Map.entry("RLIMIT_LOCKS", 10), Map.entry("RLIMIT_SIGPENDING", 11), Map.entry("RLIMIT_MSGQUEUE", 12),
            Map.entry("RLIMIT_NICE", 13), Map.entry("RLIMIT_RTPRIO", 14), Map.entry("RLIMIT_RTTIME", 15));

    private CreateFields() {
    }

    /**
     * @param rootfs the guest path of the container's root
     * @param guestSource the guest path of a bind mount's host source
     * @param podPid whether the container joins the pod's shared PID namespace
     * @throws IllegalArgumentException naming what the spec holds that the agent cannot be given
     */
    static Fields create(String id, int channel, OciSpec spec, String rootfs, UnaryOperator<String> guestSource,
            boolean stdin, boolean podPid, GuestSeccomp seccomp) {
        Fields fields = Fields.of("op", "create", "id", id).add("channel", channel).add("rootfs", rootfs)
                .add("readonly_rootfs", bit(spec.root() != null && Boolean.TRUE.equals(spec.root().readonly())))
                .add("hostname", spec.hostname() == null ? "" : spec.hostname());
        process(fields, spec.process(), stdin);
        seccomp(fields, spec, seccomp);
        for (OciMount mount : spec.mounts() == null ? List.<OciMount>of() : spec.mounts()) {
            fields.add("mount", mount(mount, guestSource));
        }
        if (spec.linux() != null) {
            fields.addAll("masked", nonNull(spec.linux().maskedPaths()));
            fields.addAll("readonly_path", nonNull(spec.linux().readonlyPaths()));
        }
        fields.add("pid_namespace", podPid && sharesPodPid(spec) ? "pod" : "container");
        if (spec.linux() != null) {
            resources(fields, spec.linux().resources());
        }
        return fields;
    }

    /**
     * Whether the container joins the pod's PID namespace: its spec names the pod's (the core puts a path there,
     * which for a VM pod only names the namespace in the guest), where a container of its own gets none.
     */
    static boolean sharesPodPid(OciSpec spec) {
        return spec.linux() != null && spec.linux().namespaces() != null && spec.linux().namespaces().stream()
                .anyMatch(n -> "pid".equals(n.type()) && n.path() != null && !n.path().isEmpty());
    }

    /** The process fields of an exec: the container's process with another command line, under its filter. */
    static Fields exec(String id, int channel, OciSpec container, List<String> command, boolean tty,
            boolean stdin, GuestSeccomp seccomp) {
        OciProcess p = container.process();
        OciProcess process = new OciProcess(tty, p.user(), command, p.env(), p.cwd(), p.capabilities(), p.rlimits(),
                p.noNewPrivileges(), null, p.apparmorProfile());
        Fields fields = Fields.of("op", "exec", "id", id).add("channel", channel);
        process(fields, process, stdin);
        seccomp(fields, container, seccomp);
        return fields;
    }

    /** {@code seccomp_bpf}, when the spec has {@code linux.seccomp}. */
    static void seccomp(Fields fields, OciSpec spec, GuestSeccomp seccomp) {
        if (spec.linux() != null && spec.linux().seccomp() != null) {
            fields.add("seccomp_bpf", seccomp.bpfHex(spec.linux().seccomp()));
        }
    }

    static void process(Fields fields, OciProcess p, boolean stdin) {
        if (p == null || p.args() == null || p.args().isEmpty()) {
            throw new IllegalArgumentException("the spec has no process arguments");
        }
        fields.addAll("arg", p.args()).addAll("env", nonNull(p.env()))
                .add("cwd", p.cwd() == null || p.cwd().isEmpty() ? "/" : p.cwd());
        OciUser user = p.user() == null ? new OciUser(0, 0, List.of(), null) : p.user();
        fields.add("uid", user.uid()).add("gid", user.gid()).add("gids", nonNull(user.additionalGids()).stream()
                .map(String::valueOf).collect(Collectors.joining(",")));
        if (user.umask() != null) {
            fields.add("umask", Integer.toOctalString(user.umask()));
        }
        fields.add("terminal", bit(Boolean.TRUE.equals(p.terminal()))).add("stdin", bit(stdin))
                .add("no_new_privs", bit(Boolean.TRUE.equals(p.noNewPrivileges())));
        OciCapabilities caps = p.capabilities();
        fields.add("cap_bounding", capabilities(caps == null ? null : caps.bounding()))
                .add("cap_effective", capabilities(caps == null ? null : caps.effective()))
                .add("cap_permitted", capabilities(caps == null ? null : caps.permitted()))
                .add("cap_inheritable", capabilities(caps == null ? null : caps.inheritable()))
                .add("cap_ambient", capabilities(caps == null ? null : caps.ambient()));
        for (OciRlimit limit : nonNull(p.rlimits())) {
            Integer resource = RLIMITS.get(limit.type());
            if (resource == null) {
                throw new IllegalArgumentException("rlimit \"" + limit.type() + "\" is not a Linux resource limit");
            }
            fields.add("rlimit", resource + " " + Long.toUnsignedString(limit.soft()) + " "
                    + Long.toUnsignedString(limit.hard()));
        }
        if (p.oomScoreAdj() != null) {
            fields.add("oom_score_adj", p.oomScoreAdj());
        }
    }

    /** A decimal 64-bit mask, bit N for capability N. */
    static String capabilities(List<String> names) {
        long mask = 0;
        for (String name : nonNull(names)) {
            int bit = CapabilityNames.ALL.indexOf(name);
            if (bit < 0) {
                throw new IllegalArgumentException("capability \"" + name + "\" is not a Linux capability");
            }
            mask |= 1L << bit;
        }
        return Long.toUnsignedString(mask);
    }

    static String mount(OciMount mount, UnaryOperator<String> guestSource) {
        List<String> options = nonNull(mount.options());
        boolean bind = "bind".equals(mount.type()) || options.contains("bind") || options.contains("rbind");
        String type = bind ? "bind" : mount.type() == null ? "none" : mount.type();
        String source = bind ? guestSource.apply(mount.source()) : mount.source() == null ? type : mount.source();
        String line = type + "\t" + source + "\t" + mount.destination() + "\t" + String.join(",", options);
        if (line.chars().filter(c -> c == '\t').count() != 3 || line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("mount on \"" + mount.destination() + "\": a tab or newline in its"
                    + " type, source, destination or options");
        }
        return line;
    }

    /** The resource fields of {@code create} and {@code update}. */
    static Fields resources(Fields fields, OciResources r) {
        if (r == null) {
            return fields;
        }
        if (r.memory() != null && r.memory().limit() != null) {
            fields.add("memory_limit", Math.max(0, r.memory().limit()));
        }
        if (r.cpu() != null) {
            if (r.cpu().shares() != null) {
                fields.add("cpu_shares", r.cpu().shares());
            }
            if (r.cpu().quota() != null) {
                fields.add("cpu_quota", r.cpu().quota());
            }
            if (r.cpu().period() != null) {
                fields.add("cpu_period", r.cpu().period());
            }
            if (r.cpu().cpus() != null && !r.cpu().cpus().isEmpty()) {
                fields.add("cpuset_cpus", r.cpu().cpus());
            }
        }
        if (r.pids() != null) {
            fields.add("pids_limit", r.pids().limit());
        }
        return fields;
    }

    private static String bit(boolean value) {
        return value ? "1" : "0";
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
