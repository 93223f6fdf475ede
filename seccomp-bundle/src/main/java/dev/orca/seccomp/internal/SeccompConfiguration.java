package dev.orca.seccomp.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orca seccomp profiles",
        description = "RuntimeDefault, Localhost and Unconfined seccomp profiles (containers seccomp JSON format)")
@interface SeccompConfiguration {

    @AttributeDefinition(description = "The RuntimeDefault profile file; empty for the profile shipped in the bundle")
    String default_profile() default "";

    @AttributeDefinition(description = "Directory relative Localhost profile names are taken from (the kubelet's"
            + " seccomp root)")
    String localhost_root() default "/var/lib/kubelet/seccomp";

    @AttributeDefinition(description = "Whether Localhost profiles must lie under localhost.root; by default an"
            + " absolute path (as the kubelet sends it) is loaded wherever it is, as containerd and CRI-O do")
    boolean localhost_restricted() default false;

    @AttributeDefinition(description = "RuntimeDefault per RuntimeClass handler: entries HANDLER=PROFILE-FILE")
    String[] handler_profiles() default {};

    @AttributeDefinition(description = "Whether privileged containers run without seccomp whatever they ask for")
    boolean privileged_unconfined() default true;
}
