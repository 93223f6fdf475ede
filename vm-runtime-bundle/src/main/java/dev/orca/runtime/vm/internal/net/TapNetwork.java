package dev.orca.runtime.vm.internal.net;

import dev.orca.runtime.vm.internal.HostCommands;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The VM's side of a pod's network, inside the pod's namespace: a tap device QEMU opens, and — once CNI has made the
 * pod's interface — tc rules that redirect every frame from that interface to the tap and back (as Kata does), so the
 * guest's NIC, given the interface's MAC and addresses, answers on the address CNI gave the pod.
 */
public final class TapNetwork {

    /** The tap device's name in every pod's namespace. */
    public static final String TAP = "tap0";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HostCommands commands;

    public TapNetwork(HostCommands commands) {
        this.commands = commands;
    }

    /** Makes the tap device in the namespace (persistent: it stays when QEMU closes it) and brings it up. */
    public void createTap(Path netns) throws IOException {
        commands.check(in(netns, "ip", "tuntap", "add", "dev", TAP, "mode", "tap"), TIMEOUT);
        commands.check(in(netns, "ip", "link", "set", TAP, "up"), TIMEOUT);
    }

    /** Deletes the tap device, when the namespace and the device are still there. */
    public void deleteTap(Path netns) throws IOException {
        HostCommands.Result result = commands.run(in(netns, "ip", "link", "del", TAP), TIMEOUT);
        if (!result.ok() && !result.stderr().contains("Cannot find device")
                && !result.stderr().contains("No such file")) {
            throw new IOException("deleting " + TAP + " in " + netns + ": " + result.error());
        }
    }

    /** The pod's CNI interface, read from its namespace; empty when the pod has none. */
    public Optional<PodInterface> podInterface(Path netns) throws IOException {
        String addresses = commands.check(in(netns, "ip", "-j", "addr", "show"), TIMEOUT);
        String v4 = commands.check(in(netns, "ip", "-j", "-4", "route", "show"), TIMEOUT);
        String v6 = commands.run(in(netns, "ip", "-j", "-6", "route", "show"), TIMEOUT).stdout();
        return PodInterface.parse(addresses, PodInterface.mergeRoutes(v4, v6), TAP);
    }

    /** Joins the pod's interface and the tap both ways, and gives the tap the interface's MTU. */
    public void redirect(Path netns, PodInterface pod) throws IOException {
        for (List<String> command : redirectCommands(pod)) {
            commands.check(in(netns, command.toArray(String[]::new)), TIMEOUT);
        }
    }

    static List<List<String>> redirectCommands(PodInterface pod) {
        List<List<String>> commands = new ArrayList<>();
        commands.add(List.of("ip", "link", "set", TAP, "mtu", Integer.toString(pod.mtu())));
        for (String[] pair : new String[][] {{pod.name(), TAP}, {TAP, pod.name()}}) {
            commands.add(List.of("tc", "qdisc", "replace", "dev", pair[0], "ingress"));
            commands.add(List.of("tc", "filter", "replace", "dev", pair[0], "parent", "ffff:", "protocol", "all",
                    "u32", "match", "u8", "0", "0", "action", "mirred", "egress", "redirect", "dev", pair[1]));
        }
        return commands;
    }

    static List<String> in(Path netns, String... command) {
        List<String> argv = new ArrayList<>(List.of("nsenter", "--net=" + netns, "--"));
        argv.addAll(List.of(command));
        return argv;
    }
}
