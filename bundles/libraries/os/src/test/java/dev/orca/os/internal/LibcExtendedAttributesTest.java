package dev.orca.os.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LibcExtendedAttributesTest {

    @Test
    void splitsTheNulSeparatedNameList() {
        byte[] names = "user.a\0trusted.overlay.opaque\0security.capability\0".getBytes(StandardCharsets.UTF_8);

        assertEquals(List.of("user.a", "trusted.overlay.opaque", "security.capability"),
                LibcExtendedAttributes.split(names, names.length));
    }

    @Test
    void anEmptyListHasNoNames() {
        assertEquals(List.of(), LibcExtendedAttributes.split(new byte[0], 0));
    }
}
