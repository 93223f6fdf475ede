package dev.orca.runtime.crio.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Where the CRI-O configuration lives; {@code ${orca.home}} stands for the distribution's home directory. */
@ObjectClassDefinition(name = "Orca CRI-O runtime tables",
        description = "Turns [crio.runtime.runtimes.NAME] tables into OCI runtime handler configurations")
@interface CrioRuntimeTablesConfiguration {

    @AttributeDefinition(description = "The main CRI-O configuration file, read first; it need not exist")
    String file() default "${orca.home}/conf/crio.conf";

    @AttributeDefinition(description = "Directory of drop-in files (*.conf), applied in lexical order after the"
            + " main file; it need not exist")
    String drop_in_dir() default "${orca.home}/conf/crio.conf.d";

    @AttributeDefinition(description = "Milliseconds between two looks at the file and the directory; a change"
            + " is applied once two looks in a row read it the same")
    int poll_interval_millis() default 300;
}
