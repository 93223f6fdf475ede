package dev.orca.seccomp.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigInteger;
import java.util.List;

/**
 * A profile in the containers seccomp JSON format (as Podman, CRI-O and Docker read it): a default action, the
 * architectures (a list, or an {@code archMap} from the node's architecture to its sub-architectures), and rules
 * that may apply only to some architectures, capability holders or kernels ({@code includes}, {@code excludes}).
 * Fields the format carries for people ({@code comment}, {@code errno}) are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record SeccompProfile(String defaultAction, Integer defaultErrnoRet, List<String> architectures,
        List<ArchMapping> archMap, List<Rule> syscalls) {

    SeccompProfile {
        architectures = architectures == null ? List.of() : architectures;
        archMap = archMap == null ? List.of() : archMap;
        syscalls = syscalls == null ? List.of() : syscalls;
    }

    /** The architectures a node of {@code architecture} filters for, besides its own. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ArchMapping(String architecture, List<String> subArchitectures) {

        ArchMapping {
            subArchitectures = subArchitectures == null ? List.of() : subArchitectures;
        }
    }

    /** One rule: {@code names} (or the older single {@code name}) get {@code action} when the args match. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Rule(List<String> names, String name, String action, Integer errnoRet, List<Arg> args, Filter includes,
            Filter excludes) {

        Rule {
            names = names == null ? (name == null ? List.of() : List.of(name)) : names;
            args = args == null ? List.of() : args;
            includes = includes == null ? Filter.NONE : includes;
            excludes = excludes == null ? Filter.NONE : excludes;
        }
    }

    /** Compare argument {@code index} with {@code value} (and {@code valueTwo} for a mask) by {@code op}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Arg(int index, BigInteger value, BigInteger valueTwo, String op) {

        Arg {
            value = value == null ? BigInteger.ZERO : value;
            valueTwo = valueTwo == null ? BigInteger.ZERO : valueTwo;
        }
    }

    /**
     * When a rule applies. In {@code includes} every condition must hold (all the caps held, the node's
     * architecture listed, the kernel at least minKernel); in {@code excludes} any one that holds drops the rule.
     * Architectures here are Go's names ({@code amd64}, {@code arm64}, …), as in the containers format.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Filter(List<String> caps, List<String> arches, String minKernel) {

        static final Filter NONE = new Filter(List.of(), List.of(), null);

        Filter {
            caps = caps == null ? List.of() : caps;
            arches = arches == null ? List.of() : arches;
            minKernel = minKernel == null || minKernel.isBlank() ? null : minKernel;
        }
    }
}
