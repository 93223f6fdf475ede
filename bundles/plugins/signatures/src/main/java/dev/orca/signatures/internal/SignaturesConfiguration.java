package dev.orca.signatures.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orca image signature policy",
        description = "containers-policy.json and registries.d, as CRI-O reads them")
@interface SignaturesConfiguration {

    @AttributeDefinition(description = "the node's containers-policy.json")
    String policy_path() default "/etc/containers/policy.json";

    @AttributeDefinition(description = "directory of registries.d YAML files (where signatures are looked up)")
    String registries_d() default "/etc/containers/registries.d";

    @AttributeDefinition(description = "directory of per-namespace policies, <namespace>.json; empty for none")
    String policy_dir() default "";

    @AttributeDefinition(description = "seconds to wait for a lookaside server")
    int lookaside_timeout_seconds() default 30;
}
