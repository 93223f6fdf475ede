package dev.orca.runtime.oci.internal;

import dev.orca.spi.HandlerConfiguration;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One RuntimeClass handler run by an OCI CLI runtime under conmon (a CRI-O {@code [crio.runtime.runtimes.NAME]}
 * table). Attribute names are the keys of {@link HandlerConfiguration} (an underscore for each dot); the three
 * {@code orca.runtime.*} attributes are also the service's properties, as the SPI names them.
 */
@ObjectClassDefinition(name = "Orca OCI runtime handler",
        description = "Containers run by runc, crun or runsc under conmon; one handler per configuration")
@interface OciRuntimeHandlerConfiguration {

    @AttributeDefinition(name = "handler name", description = "The RuntimeClass handler name, such as \"runc\"")
    String orca_runtime_handler();

    @AttributeDefinition(name = "default", description = "Serves pods that name no RuntimeClass")
    boolean orca_runtime_default() default false;

    @AttributeDefinition(name = "default ranking", description = "Of the handlers marked default that can run pods,"
            + " the highest serves")
    int orca_runtime_default_ranking() default 0;

    @AttributeDefinition(description = "The runtime binary")
    String runtime_path() default "/usr/sbin/runc";

    @AttributeDefinition(description = "The runtime's --root state directory; empty for <run root>/root")
    String runtime_root() default "";

    @AttributeDefinition(description = "Runtime type; only \"oci\" (a runc-compatible command line) for now")
    String runtime_type() default HandlerConfiguration.OCI_TYPE;

    @AttributeDefinition(description = "Extra global arguments given to every runtime call, such as"
            + " \"--platform=ptrace\" for runsc")
    String[] runtime_args() default {};

    @AttributeDefinition(description = "The container monitor binary (conmon)")
    String monitor_path() default "/usr/bin/conmon";

    @AttributeDefinition(description = "Annotations this runtime may see and act on (a CRI-O allowed_annotations"
            + " list; a trailing '*' matches a prefix): pod and container annotations in a runtime's own namespaces"
            + " (run.oci., dev.gvisor., io.kubernetes.cri-o., io.katacontainers.) reach the runtime only when listed")
    String[] allowed_annotations() default {};

    @AttributeDefinition(description = "Privileged containers of this handler get no host devices (for runtimes"
            + " such as VM runtimes, where the host's devices mean nothing)")
    boolean privileged_without_host_devices() default false;

    @AttributeDefinition(description = "Where bundles, exit files and monitor sockets live; empty for"
            + " <framework property orca.runroot, default /run/orca>/runtimes/<handler name>")
    String run_root() default "";
}
