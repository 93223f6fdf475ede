package dev.orca.core.internal.cri;

import dev.orca.cri.v1.VersionRequest;
import dev.orca.cri.v1.VersionResponse;

/** {@code Version}: who answers, and which CRI version it speaks. */
final class VersionCall {

    /** The kubelet API version CRI runtimes report (CRI-O and containerd answer the same). */
    static final String KUBELET_API_VERSION = "0.1.0";
    static final String RUNTIME_NAME = "orca";
    static final String RUNTIME_API_VERSION = "v1";

    private final String orcaVersion;

    VersionCall(String orcaVersion) {
        this.orcaVersion = orcaVersion;
    }

    VersionResponse answer(VersionRequest request) {
        return VersionResponse.newBuilder()
                .setVersion(KUBELET_API_VERSION)
                .setRuntimeName(RUNTIME_NAME)
                .setRuntimeVersion(orcaVersion)
                .setRuntimeApiVersion(RUNTIME_API_VERSION)
                .build();
    }
}
