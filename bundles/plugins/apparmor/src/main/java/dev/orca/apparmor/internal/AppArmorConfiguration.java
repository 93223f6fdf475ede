package dev.orca.apparmor.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orca AppArmor profiles",
        description = "RuntimeDefault, Localhost (a loaded profile by name) and Unconfined AppArmor profiles")
@interface AppArmorConfiguration {

    @AttributeDefinition(description = "Name of the RuntimeDefault profile")
    String default_profile_name() default "orca-default";

    @AttributeDefinition(description = "Policy file defining the RuntimeDefault profile; empty for the one shipped"
            + " in the bundle (its profile is named by default.profile.name)")
    String default_profile_file() default "";

    @AttributeDefinition(description = "The AppArmor policy loader")
    String parser() default "/sbin/apparmor_parser";

    @AttributeDefinition(description = "Whether privileged containers run unconfined whatever they ask for")
    boolean privileged_unconfined() default true;
}
