/**
 * Container lifecycle events: an {@link dev.orca.core.internal.events.EventBus} with a bounded buffer per
 * subscriber, and the {@link dev.orca.core.internal.events.ContainerEvent} the core publishes on it. Nothing here
 * knows gRPC: the CRI's GetContainerEvents and the shell's {@code orca:events} are subscribers.
 */
package dev.orca.core.internal.events;
