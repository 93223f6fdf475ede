package dev.orca.core.internal.cri;

import dev.orca.cri.v1.ImageServiceGrpc;

/**
 * The gRPC face of the CRI ImageService. No call is served yet: each answers UNIMPLEMENTED naming the method,
 * as the generated base class does, until an image store is wired in.
 */
public final class ImageServiceCalls extends ImageServiceGrpc.ImageServiceImplBase {
}
