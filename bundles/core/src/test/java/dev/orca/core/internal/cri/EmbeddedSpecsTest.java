package dev.orca.core.internal.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedSpecsTest {

    private final List<String> checked = new ArrayList<>();
    private final EmbeddedSpecs specs = new EmbeddedSpecs(text -> {
        checked.add(text);
        return VerboseInfo.isJsonDocument(text);
    });

    private static JsonNode reply(Object embedded) throws Exception {
        return new ObjectMapper().readTree(VerboseInfo.json(Map.of("runtimeSpec", embedded)));
    }

    @Test
    void aSpecIsCheckedOnceAndEmbeddedAsItsText() throws Exception {
        String spec = "{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":[\"sh\"]}}";
        Object first = specs.embed("c1", spec);
        Object again = specs.embed("c1", new String(spec.toCharArray()));

        assertEquals(List.of(spec), checked, "the same content is not parsed again");
        assertEquals("1.0.2", reply(first).path("runtimeSpec").path("ociVersion").asText());
        assertEquals("sh", reply(again).path("runtimeSpec").path("process").path("args").get(0).asText());
    }

    @Test
    void aChangedSpecIsCheckedAgain() throws Exception {
        specs.embed("c1", "{\"a\":1}");
        Object changed = specs.embed("c1", "{truncated");

        assertEquals(List.of("{\"a\":1}", "{truncated"), checked);
        assertEquals("{truncated", reply(changed).path("runtimeSpec").asText(), "not JSON: embedded as a string");
    }

    @Test
    void onlyOneWholeDocumentCountsAsJson() {
        assertTrue(VerboseInfo.isJsonDocument("{\"a\":[1,2]}"));
        assertFalse(VerboseInfo.isJsonDocument("{\"a\":1} trailing"), "text after the document");
        assertFalse(VerboseInfo.isJsonDocument("{\"a\":1}{\"b\":2}"), "two documents");
        assertFalse(VerboseInfo.isJsonDocument(""), "nothing");
        assertFalse(VerboseInfo.isJsonDocument("{\"a\":"), "cut short");
    }

    @Test
    void aForgottenContainersSpecIsCheckedAfresh() {
        specs.embed("c1", "{}");
        specs.forget("c1");
        specs.embed("c1", "{}");

        assertEquals(List.of("{}", "{}"), checked);
    }
}
