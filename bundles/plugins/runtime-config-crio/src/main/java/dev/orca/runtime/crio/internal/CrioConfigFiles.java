package dev.orca.runtime.crio.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files CRI-O would read, in the order it applies them: the main file, then the drop-in directory's
 * {@code *.conf} files sorted by name. Either may be missing. Other names (editor backups, {@code .rpmsave}) are
 * left alone, so a half-written copy next to a drop-in is never applied.
 */
final class CrioConfigFiles {

    private final Path mainFile;
    private final Path dropInDir;

    CrioConfigFiles(Path mainFile, Path dropInDir) {
        this.mainFile = mainFile;
        this.dropInDir = dropInDir;
    }

    Path mainFile() {
        return mainFile;
    }

    Path dropInDir() {
        return dropInDir;
    }

    /**
     * Reads every file now; a file that disappears while being read is skipped, as if listed a moment later.
     *
     * @throws UncheckedIOException when a file or the directory exists but cannot be read
     */
    List<ConfigText> read() {
        List<ConfigText> texts = new ArrayList<>();
        readIfPresent(mainFile, texts);
        for (Path dropIn : dropIns()) {
            readIfPresent(dropIn, texts);
        }
        return texts;
    }

    private List<Path> dropIns() {
        if (!Files.isDirectory(dropInDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dropInDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".conf"))
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dropInDir + ": " + e.getMessage(), e);
        }
    }

    private static void readIfPresent(Path file, List<ConfigText> texts) {
        try {
            texts.add(new ConfigText(file, Files.readString(file)));
        } catch (NoSuchFileException gone) {
            // not there (or just removed): nothing to apply
        } catch (CharacterCodingException e) {
            throw new UncheckedIOException(file + " is not UTF-8 text, as TOML must be", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
