package dev.orca.runtime.vm.internal.agent;

/** What the agent says of itself (READY, or the reply to {@code hello}): its version, the guest kernel, its uptime. */
public record AgentHello(String version, String kernel, long uptimeMillis) {

    static AgentHello of(Fields fields) {
        return new AgentHello(fields.get("version").orElse(""), fields.get("kernel").orElse(""),
                fields.number("uptime_ms", -1));
    }
}
