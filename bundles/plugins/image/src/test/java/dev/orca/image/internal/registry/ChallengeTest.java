package dev.orca.image.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChallengeTest {

    @Test
    void readsQuotedAndPlainParameters() {
        Challenge c = Challenge.parse("Bearer realm=\"https://auth/token\",service=reg,scope=\"a \\\"b\\\"\"").orElseThrow();
        assertEquals("bearer", c.scheme());
        assertEquals(Map.of("realm", "https://auth/token", "service", "reg", "scope", "a \\\"b\\\""), c.parameters());
    }

    /** Found by RegistryResponseFuzzTest: the quoted-value pattern recursed per character (StackOverflowError). */
    @Test
    void aVeryLongQuotedRealmParses() throws InterruptedException {
        String realm = "https://auth/" + "x".repeat(200_000);
        Challenge[] parsed = new Challenge[1];
        Thread small = new Thread(null, () -> parsed[0] = Challenge.parse("Bearer realm=\"" + realm + "\"").orElseThrow(),
                "small-stack", 256 * 1024);
        small.start();
        small.join();
        assertEquals(realm, parsed[0].realm());
    }

    /** Found by the long fuzz run: a long run of letters was matched in quadratic time (40,000 letters: 6 s). */
    @Test
    void aLongHeaderWithoutParametersParsesInLinearTime() {
        String header = "Bearer " + "x".repeat(400_000) + " realm=\"https://auth/t\"";
        Challenge c = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> Challenge.parse(header).orElseThrow());
        assertEquals("https://auth/t", c.realm());
    }
}
