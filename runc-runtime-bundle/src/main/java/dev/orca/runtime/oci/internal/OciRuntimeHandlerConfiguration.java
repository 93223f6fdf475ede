package dev.orca.runtime.oci.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One RuntimeClass handler run by an OCI CLI runtime under conmon (a CRI-O {@code [crio.runtime.runtimes.NAME]}
 * table). The two {@code orca.runtime.*} attributes are also the service's properties, as the SPI names them.
 */
@ObjectClassDefinition(name = "Orca OCI runtime handler",
        description = "Containers run by runc, crun or runsc under conmon; one handler per configuration")
@interface OciRuntimeHandlerConfiguration {

    @AttributeDefinition(name = "handler name", description = "The RuntimeClass handler name, such as \"runc\"")
    String orca_runtime_handler();

    @AttributeDefinition(name = "default", description = "Serves pods that name no RuntimeClass")
    boolean orca_runtime_default() default false;

    @AttributeDefinition(description = "The runtime binary")
    String runtime_path() default "/usr/sbin/runc";

    @AttributeDefinition(description = "The runtime's --root state directory; empty for <run root>/root")
    String runtime_root() default "";

    @AttributeDefinition(description = "Runtime type; only \"oci\" (a runc-compatible command line) for now")
    String runtime_type() default "oci";

    @AttributeDefinition(description = "Extra global arguments given to every runtime call, such as"
            + " \"--platform=ptrace\" for runsc")
    String[] runtime_args() default {};

    @AttributeDefinition(description = "The container monitor binary (conmon)")
    String monitor_path() default "/usr/bin/conmon";

    @AttributeDefinition(description = "Where bundles, exit files and monitor sockets live; empty for"
            + " <framework property orca.runroot, default /run/orca>/runtimes/<handler name>")
    String run_root() default "";
}
