package dev.orca.spi;

/**
 * What a client gives to authenticate to a registry (the CRI's AuthConfig). Empty strings for what is not given.
 *
 * @param username with password, for basic auth or a token request
 * @param password with username
 * @param auth base64 of {@code username:password}
 * @param serverAddress the registry these are for, informational
 * @param identityToken a refresh token, exchanged for a registry token at the token realm
 * @param registryToken a bearer token sent to the registry as is
 */
public record RegistryCredentials(String username, String password, String auth, String serverAddress,
        String identityToken, String registryToken) {

    public static final RegistryCredentials ANONYMOUS = new RegistryCredentials("", "", "", "", "", "");

    @Override
    public String toString() {
        return "RegistryCredentials[username=" + username + ", secrets hidden]";
    }
}
