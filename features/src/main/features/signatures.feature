# signatures: the ImagePolicy service (containers-policy.json, registries.d lookaside stores and sigstore
# attachments, GPG and sigstore signatures verified with BouncyCastle's own bundles). Booted by default: every pull is
# checked against /etc/containers/policy.json, as CRI-O checks it (Debian's file accepts anything). Leave it out of
# orca.features and pulls are not verified. Configuration PID dev.orca.signatures (policy.path, registries.d,
# policy.dir, lookaside.timeout.seconds).
org.yaml:snakeyaml:2.4
com.fasterxml.jackson.dataformat:jackson-dataformat-yaml:${jackson.version}
org.bouncycastle:bcprov-jdk18on:${bouncycastle.version}
org.bouncycastle:bcutil-jdk18on:${bouncycastle.version}
org.bouncycastle:bcpg-jdk18on:${bouncycastle.version}
dev.orca:orca-signatures:${project.version}
