# runtime-config-crio: CRI-O's runtime tables as handler configurations. Each [crio.runtime.runtimes.NAME] table of
# conf/crio.conf and conf/crio.conf.d/*.conf (watched; drop-ins in lexical order, later keys win) becomes an OCI
# runtime handler configuration (dev.orca.runtime.oci, ranking -1: a deploy/ .cfg of the same name wins), served by
# runtime-runc. Settings: dev.orca.runtime.crio (file, drop.in.dir, poll.interval.millis).
com.fasterxml.jackson.dataformat:jackson-dataformat-toml:${jackson.version}
dev.orca:orca-runtime-config-crio:${project.version}
