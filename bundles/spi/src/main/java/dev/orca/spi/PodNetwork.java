package dev.orca.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Connects pod sandboxes to the cluster network (CNI, for one). Register one service with {@link #NETWORK} naming
 * it; the core uses it for pods that do not use the node's network.
 */
@ProviderType
public interface PodNetwork {

    /** Service property: the network's name, such as {@code cni}. */
    String NETWORK = "orca.network";

    /** Whether pods can be connected now, and why not: reported to the kubelet as NetworkReady. */
    NetworkStatus status();

    /**
     * Connects a pod's network namespace (CNI ADD); returns its addresses. On failure nothing of it remains.
     *
     * @throws NetworkException naming the pod, the plug-in and its own error
     */
    PodAddresses setUp(PodNetworkRequest request) throws NetworkException;

    /**
     * Checks that a connected pod's network is still as set up (CNI CHECK).
     *
     * @return whether a check was made: {@code false} when the network does not support checking
     * @throws NetworkException naming the pod and what is wrong
     */
    default boolean check(PodNetworkRequest request) throws NetworkException {
        return false;
    }

    /** Disconnects a pod (CNI DEL); idempotent, also when the namespace is already gone. */
    void tearDown(PodNetworkRequest request) throws NetworkException;
}
