package dev.orca.runtime.oci.internal;

import static dev.orca.spi.HandlerConfiguration.ALLOWED_ANNOTATIONS;
import static dev.orca.spi.HandlerConfiguration.HANDLER;
import static dev.orca.spi.HandlerConfiguration.MONITOR_PATH;
import static dev.orca.spi.HandlerConfiguration.PRIVILEGED_WITHOUT_HOST_DEVICES;
import static dev.orca.spi.HandlerConfiguration.RUNTIME_ARGS;
import static dev.orca.spi.HandlerConfiguration.RUNTIME_PATH;
import static dev.orca.spi.HandlerConfiguration.RUNTIME_ROOT;
import static dev.orca.spi.HandlerConfiguration.RUNTIME_TYPE;
import static dev.orca.spi.HandlerConfiguration.RUN_ROOT;

import dev.orca.spi.HandlerConfiguration;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * One handler as configured, from a factory configuration or from a runtime pack's property file (the same keys
 * as a deploy/ {@code .cfg}).
 */
record HandlerDefinition(String name, String runtimePath, String runtimeRoot, String runtimeType,
        List<String> runtimeArgs, String monitorPath, String runRoot, List<String> allowedAnnotations,
        boolean privilegedWithoutHostDevices) {

    static HandlerDefinition of(OciRuntimeHandlerConfiguration c) {
        return new HandlerDefinition(c.orca_runtime_handler(), c.runtime_path(), c.runtime_root(), c.runtime_type(),
                ListSetting.of(c.runtime_args()), c.monitor_path(), c.run_root(),
                ListSetting.of(c.allowed_annotations()), c.privileged_without_host_devices());
    }

    /** The only {@code runtime.type} this bundle runs: a binary with the OCI runtime command line. */
    static final String OCI = HandlerConfiguration.OCI_TYPE;

    /** From {@code .cfg} keys; the defaults are the configuration's. */
    static HandlerDefinition of(Properties p) {
        return new HandlerDefinition(p.getProperty(HANDLER),
                p.getProperty(RUNTIME_PATH, "/usr/sbin/runc"), p.getProperty(RUNTIME_ROOT, ""),
                p.getProperty(RUNTIME_TYPE, OCI), ListSetting.of(new String[] {p.getProperty(RUNTIME_ARGS, "")}),
                p.getProperty(MONITOR_PATH, "/usr/bin/conmon"), p.getProperty(RUN_ROOT, ""),
                ListSetting.of(new String[] {p.getProperty(ALLOWED_ANNOTATIONS, "")}),
                Boolean.parseBoolean(p.getProperty(PRIVILEGED_WITHOUT_HOST_DEVICES, "false")));
    }

    /**
     * The runtime settings, with the run root under {@code orcaRunRoot} ({@code /run/orca} when unset) unless
     * configured.
     *
     * @throws IllegalArgumentException naming the handler and what is wrong with the configuration
     */
    RuntimeSettings settings(String orcaRunRoot) {
        if (!OCI.equals(runtimeType)) {
            throw new IllegalArgumentException("runtime handler \"" + name + "\": runtime type \"" + runtimeType
                    + "\" is not supported (only \"oci\")");
        }
        Path runs = runRoot.isBlank()
                ? Path.of(orcaRunRoot == null || orcaRunRoot.isBlank() ? "/run/orca" : orcaRunRoot, "runtimes",
                        name == null ? "" : name)
                : Path.of(runRoot);
        Path stateRoot = runtimeRoot.isBlank() ? runs.resolve("root") : Path.of(runtimeRoot);
        return new RuntimeSettings(name, Path.of(runtimePath), stateRoot, runtimeArgs, Path.of(monitorPath), runs)
                .validated();
    }
}
