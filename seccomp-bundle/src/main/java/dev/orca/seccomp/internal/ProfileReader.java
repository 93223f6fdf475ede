package dev.orca.seccomp.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orca.spi.security.ProfileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads profiles in the containers seccomp JSON format; malformed JSON is refused naming the place. */
final class ProfileReader {

    private final ObjectMapper json = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    SeccompProfile read(Path file) throws ProfileException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new ProfileException("seccomp profile " + file + " does not exist");
        } catch (IOException e) {
            throw new ProfileException("seccomp profile " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    SeccompProfile read(InputStream in, String source) throws ProfileException {
        try {
            SeccompProfile profile = json.readValue(in, SeccompProfile.class);
            if (profile == null) {
                throw new ProfileException("seccomp profile " + source + " is empty");
            }
            return profile;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ProfileException("seccomp profile " + source + " is not valid profile JSON: "
                    + e.getOriginalMessage() + (at == null ? "" : " (line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ")"), e);
        } catch (IOException e) {
            throw new ProfileException("seccomp profile " + source + " cannot be read: " + e.getMessage(), e);
        }
    }
}
