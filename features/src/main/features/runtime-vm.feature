# runtime-vm: the VM runtime handler bundle (a QEMU virtual machine per pod, with Orca's guest agent) and the
# libraries it stands on. Handlers are its factory configurations (deploy/dev.orca.runtime.vm-NAME.cfg).
net.java.dev.jna:jna:${jna.version}
dev.orca:orca-os:${project.version}
dev.orca:orca-isolation:${project.version}
dev.orca:orca-seccomp-bpf:${project.version}
dev.orca:orca-vm-runtime:${project.version}
