/**
 * What Orca's end-to-end tests and benchmarks stand on: {@link dev.orca.testkit.TestRegistry}, a real
 * docker-registry on a free loopback port (plain, TLS, basic auth, or token auth through the kit's own
 * {@link dev.orca.testkit.TokenServer}), and {@link dev.orca.testkit.TestImages}, OCI images built from
 * busybox-static with umoci and pushed with skopeo, described by {@link dev.orca.testkit.PushedImage} and
 * {@link dev.orca.testkit.PushedIndex}.
 *
 * <p>Needs, as Debian packages: docker-registry, skopeo, umoci, busybox-static, apache2-utils (htpasswd), openssl;
 * gpg for {@link dev.orca.testkit.GpgSigner}'s keys and signatures.
 */
package dev.orca.testkit;
