package dev.orca.spi;

/** Whose namespace a pod's containers use: the pod's own, each container's own, or the node's. */
public enum NamespaceMode { POD, CONTAINER, NODE }
