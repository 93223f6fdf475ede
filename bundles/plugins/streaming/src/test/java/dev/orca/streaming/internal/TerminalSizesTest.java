package dev.orca.streaming.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TerminalSizesTest {

    @Test
    void sizesFollowOneAnotherAsKubectlSendsThem() throws IOException {
        List<TerminalSizes.Size> sizes = new ArrayList<>();
        TerminalSizes.read(new ByteArrayInputStream("{\"Width\":80,\"Height\":24}{\"Width\":120,\"Height\":40}"
                .getBytes(StandardCharsets.UTF_8)), sizes::add);
        assertEquals(List.of(new TerminalSizes.Size(80, 24), new TerminalSizes.Size(120, 40)), sizes);
    }

    @Test
    void garbageEndsTheStreamWithAnError() {
        assertThrows(IOException.class, () -> TerminalSizes.read(new ByteArrayInputStream("{\"Width\":"
                .getBytes(StandardCharsets.UTF_8)), size -> { }));
    }
}
