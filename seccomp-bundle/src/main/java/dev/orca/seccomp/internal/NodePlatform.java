package dev.orca.seccomp.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node a profile is compiled for: its architecture (as libseccomp and as Go name it, since the containers
 * format uses both) and its kernel version (for {@code minKernel}).
 *
 * @param goArch {@code amd64}, {@code arm64}, …
 * @param scmpArch {@code SCMP_ARCH_X86_64}, {@code SCMP_ARCH_AARCH64}, …
 * @param kernel major and minor version
 */
record NodePlatform(String goArch, String scmpArch, List<Integer> kernel) {

    /** Go's architecture names that the containers format's {@code arches} filters may use. */
    static final Set<String> GO_ARCHES = Set.of("386", "x86", "x32", "amd64", "arm", "arm64", "mips", "mipsle",
            "mips64", "mips64le", "mips64n32", "mips64len32", "ppc", "ppc64", "ppc64le", "riscv64", "s390", "s390x",
            "loong64");

    private static final Map<String, String[]> BY_JAVA_ARCH = Map.of(
            "amd64", new String[] {"amd64", "SCMP_ARCH_X86_64"},
            "x86_64", new String[] {"amd64", "SCMP_ARCH_X86_64"},
            "aarch64", new String[] {"arm64", "SCMP_ARCH_AARCH64"},
            "ppc64le", new String[] {"ppc64le", "SCMP_ARCH_PPC64LE"},
            "s390x", new String[] {"s390x", "SCMP_ARCH_S390X"},
            "riscv64", new String[] {"riscv64", "SCMP_ARCH_RISCV64"});
    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)");

    static NodePlatform ofThisNode() {
        String javaArch = System.getProperty("os.arch");
        String[] names = BY_JAVA_ARCH.getOrDefault(javaArch, new String[] {javaArch, "SCMP_ARCH_NATIVE"});
        String release;
        try {
            release = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            release = System.getProperty("os.version");
        }
        return new NodePlatform(names[0], names[1], kernelVersion(release));
    }

    /** {@code 6.1.0-18-amd64} → [6, 1]; something unreadable → [0, 0]. */
    static List<Integer> kernelVersion(String text) {
        Matcher m = VERSION.matcher(text == null ? "" : text.strip());
        return m.find() ? List.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))) : List.of(0, 0);
    }

    /** Whether this node's kernel is at least {@code minKernel} ({@code major.minor}). */
    boolean kernelAtLeast(String minKernel) {
        List<Integer> wanted = kernelVersion(minKernel);
        int major = Integer.compare(kernel.get(0), wanted.get(0));
        return major > 0 || major == 0 && kernel.get(1) >= wanted.get(1);
    }

    /** Whether the containers format's arch name ({@code x86} and {@code 386} are one) means this node. */
    boolean is(String arch) {
        return arch.equals(goArch);
    }
}
