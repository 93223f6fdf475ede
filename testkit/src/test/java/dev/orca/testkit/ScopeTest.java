package dev.orca.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScopeTest {

    @Test
    void splitsTypeNameAndActions() {
        assertEquals(new Scope("repository", "library/busybox", List.of("pull", "push")),
                Scope.parse("repository:library/busybox:pull,push"));
        assertEquals(new Scope("registry", "catalog", List.of("*")), Scope.parse("registry:catalog:*"));
    }

    @Test
    void keepsATypeClassAndDropsDuplicateActions() {
        assertEquals(new Scope("repository(plugin)", "x", List.of("pull")),
                Scope.parse("repository(plugin):x:pull,pull"));
    }

    @Test
    void rendersTheAccessClaimDistributionReads() {
        assertEquals(Map.of("type", "repository", "name", "a/b", "actions", List.of("pull")),
                Scope.parse("repository:a/b:pull").accessClaim());
    }

    @Test
    void rejectsScopesWithoutThreeParts() {
        for (String malformed : List.of("repository", "repository:name", ":name:pull", "repository::pull",
                "repository:name:")) {
            assertThrows(IllegalArgumentException.class, () -> Scope.parse(malformed), malformed);
        }
    }
}
