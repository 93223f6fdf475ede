package dev.orca.seccomp.internal;

import dev.orca.spi.oci.CapabilityNames;
import dev.orca.spi.security.ProfileException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a profile before it is used: its actions and operators are ones the OCI spec defines, its syscall and
 * architecture names are ones the node's libseccomp knows, its capability and Go architecture names exist. Every
 * problem is reported at once, each naming what is wrong.
 */
final class ProfileChecker {

    static final Set<String> ACTIONS = Set.of("SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD",
            "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG");
    static final Set<String> OPERATORS = Set.of("SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ",
            "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ");
    static final Set<String> CAPABILITIES = Set.copyOf(CapabilityNames.ALL);
    private static final BigInteger MAX_VALUE = BigInteger.valueOf(Long.MAX_VALUE);

    private final SyscallTable table;

    ProfileChecker(SyscallTable table) {
        this.table = table;
    }

    /** @throws ProfileException naming the profile ({@code source}) and every problem found */
    void check(SeccompProfile profile, String source) throws ProfileException {
        List<String> problems = new ArrayList<>();
        action(profile.defaultAction(), "defaultAction", problems);
        if (!profile.architectures().isEmpty() && !profile.archMap().isEmpty()) {
            problems.add("both 'architectures' and 'archMap' are given");
        }
        Set<String> unknownArches = new LinkedHashSet<>();
        profile.architectures().stream().filter(a -> !table.knowsArchitecture(a)).forEach(unknownArches::add);
        for (SeccompProfile.ArchMapping mapping : profile.archMap()) {
            if (mapping.architecture() == null || !table.knowsArchitecture(mapping.architecture())) {
                unknownArches.add(String.valueOf(mapping.architecture()));
            }
            mapping.subArchitectures().stream().filter(a -> !table.knowsArchitecture(a)).forEach(unknownArches::add);
        }
        if (!unknownArches.isEmpty()) {
            problems.add("unknown architectures " + String.join(", ", unknownArches));
        }
        Set<String> unknownSyscalls = new LinkedHashSet<>();
        Set<String> unknownGoArches = new LinkedHashSet<>();
        Set<String> unknownCaps = new LinkedHashSet<>();
        for (int i = 0; i < profile.syscalls().size(); i++) {
            SeccompProfile.Rule rule = profile.syscalls().get(i);
            String where = "syscalls[" + i + "]";
            if (rule.names().isEmpty()) {
                problems.add(where + " names no syscall");
            }
            rule.names().stream().filter(n -> n == null || !table.knowsSyscall(n))
                    .forEach(n -> unknownSyscalls.add(String.valueOf(n)));
            action(rule.action(), where + ".action", problems);
            for (SeccompProfile.Arg arg : rule.args()) {
                if (arg.index() < 0 || arg.index() > 5) {
                    problems.add(where + ": argument index " + arg.index() + " is not 0 to 5");
                }
                if (arg.op() == null || !OPERATORS.contains(arg.op())) {
                    problems.add(where + ": unknown operator " + arg.op());
                }
                for (BigInteger value : List.of(arg.value(), arg.valueTwo())) {
                    if (value.signum() < 0 || value.compareTo(MAX_VALUE) > 0) {
                        problems.add(where + ": argument value " + value + " is outside 0 to 2^63-1");
                    }
                }
            }
            for (SeccompProfile.Filter filter : List.of(rule.includes(), rule.excludes())) {
                filter.arches().stream().filter(a -> !NodePlatform.GO_ARCHES.contains(a)).forEach(unknownGoArches::add);
                filter.caps().stream().filter(c -> !CAPABILITIES.contains(c)).forEach(unknownCaps::add);
                if (filter.minKernel() != null && !filter.minKernel().matches("\\d+\\.\\d+(\\.\\d+)?")) {
                    problems.add(where + ": minKernel '" + filter.minKernel() + "' is not a kernel version");
                }
            }
        }
        if (!unknownSyscalls.isEmpty()) {
            problems.add("unknown syscalls " + String.join(", ", unknownSyscalls) + " (not known to "
                    + table.describe() + ")");
        }
        if (!unknownGoArches.isEmpty()) {
            problems.add("unknown architectures in includes/excludes " + String.join(", ", unknownGoArches));
        }
        if (!unknownCaps.isEmpty()) {
            problems.add("unknown capabilities " + String.join(", ", unknownCaps));
        }
        if (!problems.isEmpty()) {
            throw new ProfileException("seccomp profile " + source + ": " + String.join("; ", problems));
        }
    }

    private static void action(String action, String field, List<String> problems) {
        if (action == null || action.isBlank()) {
            problems.add(field + " is missing");
        } else if (!ACTIONS.contains(action)) {
            problems.add(field + ": unknown action " + action);
        }
    }
}
