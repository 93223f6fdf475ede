package dev.orca.network.cni.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orca CNI pod network", description = "Connects pods through CNI plug-ins")
@interface CniNetworkConfiguration {

    @AttributeDefinition(description = "Directory of CNI network configurations; the lexically first valid"
            + " .conflist, .conf or .json is used")
    String conf_dir() default "/etc/cni/net.d";

    @AttributeDefinition(description = "Directories searched for plug-in binaries, in order")
    String[] plugin_dirs() default {"/opt/cni/bin", "/usr/lib/cni"};

    @AttributeDefinition(description = "Directory of per-pod ADD results, used on DEL")
    String cache_dir() default "/var/lib/orca/cni";

    @AttributeDefinition(description = "Seconds a plug-in may run before it is killed")
    int plugin_timeout_seconds() default 60;

    @AttributeDefinition(description = "Milliseconds between two looks at the configuration directory")
    int poll_interval_millis() default 1000;
}
