# runtime-runc: the OCI CLI runtime handler bundle (runc, crun, runsc under conmon) and the isolation library it uses (namespaces, cgroups)
# it stands on. Handlers are its factory configurations (deploy/dev.orca.runtime.oci-NAME.cfg).
net.java.dev.jna:jna:${jna.version}
dev.orca:orca-os:${project.version}
dev.orca:orca-isolation:${project.version}
dev.orca:orca-runc-runtime:${project.version}
