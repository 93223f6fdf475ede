# signatures: the ImagePolicy service (containers-policy.json, registries.d lookaside stores, GPG simple signing
# verified with BouncyCastle's own bundles). Not booted by default yet: add it to orca.features to verify pulls.
# Configuration PID dev.orca.signatures (policy.path, registries.d, policy.dir, lookaside.timeout.seconds).
org.yaml:snakeyaml:2.4
com.fasterxml.jackson.dataformat:jackson-dataformat-yaml:${jackson.version}
org.bouncycastle:bcprov-jdk18on:${bouncycastle.version}
org.bouncycastle:bcutil-jdk18on:${bouncycastle.version}
org.bouncycastle:bcpg-jdk18on:${bouncycastle.version}
dev.orca:orca-signatures:${project.version}
