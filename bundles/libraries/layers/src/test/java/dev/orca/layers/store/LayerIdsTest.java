package dev.orca.layers.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LayerIdsTest {

    static final String A = "sha256:" + "a".repeat(64);
    static final String B = "sha256:" + "b".repeat(64);

    @Test
    void theChainIdOfABaseLayerIsItsDiffId() {
        assertEquals(A, LayerIds.chainId(null, A));
        LayerIds.checkLayer(A, null, A);
    }

    @Test
    void theChainIdOfALayerOnAParentFollowsTheImageSpec() {
        // sha256("sha256:aaa… sha256:bbb…"), as `printf '%s %s' A B | sha256sum` computes it
        String chain = LayerIds.chainId(A, B);

        assertEquals("sha256:ccd722928bd92476ba1745586fed6e45a102504185ad88cd89e01ff116fd146c", chain);
        LayerIds.checkLayer(chain, A, B);
        assertThrows(IllegalArgumentException.class, () -> LayerIds.checkLayer(chain, B, A));
    }

    @Test
    void malformedDigestsAndContainerIdsAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LayerIds.hex("chain ID",
                "sha256:../../etc"));
        assertEquals("chain ID \"sha256:../../etc\" is not a sha256 digest (sha256:<64 hex>)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LayerIds.hex("chain ID", "SHA256:" + "A".repeat(64)));
        assertThrows(IllegalArgumentException.class, () -> LayerIds.container(".."));
        assertThrows(IllegalArgumentException.class, () -> LayerIds.container("a/b"));
        assertThrows(IllegalArgumentException.class, () -> LayerIds.container(""));
        assertEquals("k8s_pod-1.a", LayerIds.container("k8s_pod-1.a"));
    }
}
