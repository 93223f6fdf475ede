package dev.orca.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NodePathsTest {

    @Test
    void anUnsetOrBlankRootIsTheDefault() {
        assertEquals("/var/lib/orca", NodePaths.root(null));
        assertEquals("/var/lib/orca", NodePaths.root("  "));
    }

    @Test
    void aConfiguredRootIsTakenStripped() {
        assertEquals("/srv/orca", NodePaths.root(" /srv/orca\n"));
    }
}
