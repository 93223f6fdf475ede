package dev.orca.isolation.pods;

import dev.orca.spi.SandboxRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The contents of the files a pod's containers share, {@code /etc/hosts} and {@code /etc/resolv.conf}, the same for
 * every runtime (on the host or in a VM).
 */
public final class PodFiles {

    private PodFiles() {
    }

    public static String hosts(SandboxRequest pod) {
        StringBuilder hosts = new StringBuilder("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        if (!pod.hostname().isEmpty()) {
            hosts.append("127.0.1.1\t").append(pod.hostname()).append('\n');
        }
        pod.hostAliases().forEach(alias -> hosts.append(alias).append('\n'));
        return hosts.toString();
    }

    /** The pod's DNS settings, or the node's own resolv.conf when the pod gives none. */
    public static String resolvConf(SandboxRequest pod, Path nodeResolvConf) throws IOException {
        if (pod.dnsServers().isEmpty() && pod.dnsSearches().isEmpty() && pod.dnsOptions().isEmpty()) {
            return Files.isRegularFile(nodeResolvConf) ? Files.readString(nodeResolvConf) : "";
        }
        StringBuilder resolv = new StringBuilder();
        pod.dnsServers().forEach(s -> resolv.append("nameserver ").append(s).append('\n'));
        line(resolv, "search", pod.dnsSearches());
        line(resolv, "options", pod.dnsOptions());
        return resolv.toString();
    }

    private static void line(StringBuilder out, String keyword, List<String> values) {
        if (!values.isEmpty()) {
            out.append(keyword).append(' ').append(String.join(" ", values)).append('\n');
        }
    }
}
