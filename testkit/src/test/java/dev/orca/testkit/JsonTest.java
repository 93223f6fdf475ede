package dev.orca.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesNestedObjectsArraysAndScalars() {
        Map<String, Object> parsed = Json.parseObject("""
                { "schemaVersion": 2, "ratio": 1.5, "ok": true, "none": null,
                  "layers": [ {"digest": "sha256:ab", "size": 1084181} ], "empty": {} , "list": [] }
                """);
        assertEquals(2L, parsed.get("schemaVersion"));
        assertEquals(1.5, parsed.get("ratio"));
        assertEquals(Boolean.TRUE, parsed.get("ok"));
        assertTrue(parsed.containsKey("none"));
        Map<String, Object> layer = Json.object(Json.array(parsed.get("layers"), "layers").get(0), "layer");
        assertEquals("sha256:ab", Json.string(layer, "digest"));
        assertEquals(1084181L, Json.number(layer, "size"));
        assertEquals(Map.of(), parsed.get("empty"));
        assertEquals(List.of(), parsed.get("list"));
    }

    @Test
    void decodesEscapes() {
        assertEquals("a\"b\\c/d\n\té", Json.parse("\"a\\\"b\\\\c\\/d\\n\\t\\u00e9\""));
    }

    @Test
    void writesWhatItParsesInKeyOrder() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("z", "quote \" and \\ and \n");
        object.put("a", List.of(1L, 2.5, false));
        object.put("n", null);
        String written = Json.write(object);
        assertEquals("{\"z\":\"quote \\\" and \\\\ and \\n\",\"a\":[1,2.5,false],\"n\":null}", written);
        assertEquals(object, Json.parse(written));
    }

    @Test
    void rejectsMalformedTextNamingTheOffset() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Json.parse("{\"a\": [1, 2}"));
        assertTrue(error.getMessage().contains("offset 11"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": 1} trailing"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("\"unterminated"));
    }
}
