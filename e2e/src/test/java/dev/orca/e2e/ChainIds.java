package dev.orca.e2e;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Chain IDs as the OCI image spec defines them, computed here independently of Orca's code. */
final class ChainIds {

    private ChainIds() {
    }

    static String top(List<String> diffIds) {
        String chain = diffIds.get(0);
        for (String diffId : diffIds.subList(1, diffIds.size())) {
            chain = CraftedRegistry.sha256((chain + " " + diffId).getBytes(StandardCharsets.US_ASCII));
        }
        return chain;
    }
}
