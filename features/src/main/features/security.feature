# security: seccomp and AppArmor profile providers. Without them containers asking for a RuntimeDefault or Localhost
# profile are refused (never run unconfined). Settings: deploy/dev.orca.seccomp.cfg and deploy/dev.orca.apparmor.cfg.
net.java.dev.jna:jna:${jna.version}
dev.orca:orca-seccomp-bpf:${project.version}
dev.orca:orca-seccomp:${project.version}
dev.orca:orca-apparmor:${project.version}
