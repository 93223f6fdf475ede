package dev.orca.core.internal.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordedMountTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aMountIsKeptWithItsPropagation() throws Exception {
        RecordedMount mount = new RecordedMount("/data", "/srv/data", true, "BIDIRECTIONAL", false);
        assertEquals(mount, JSON.readValue(JSON.writeValueAsString(mount), RecordedMount.class));
    }

    @Test
    void mountsRecordedAsStringsByEarlierVersionsAreReadAsPrivate() throws Exception {
        List<RecordedMount> mounts = JSON.readValue("[\"/data=/srv/data:ro\", \"/a=b=c\"]",
                new TypeReference<List<RecordedMount>>() { });
        assertEquals(List.of(new RecordedMount("/data", "/srv/data", true, "PRIVATE", false),
                new RecordedMount("/a", "b=c", false, "PRIVATE", false)), mounts);
    }
}
