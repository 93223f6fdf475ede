package dev.orca.image.internal;

import dev.orca.spi.ImageException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code orca:gc} in the shell: an image garbage collection now, or with {@code --dry-run} what it would remove. */
@Component(service = GcCommand.class, property = {"osgi.command.scope=orca", "osgi.command.function=gc"})
public final class GcCommand {

    private static final String DRY_RUN = "--dry-run";

    private final ImageStoreService store;

    @Activate
    public GcCommand(@Reference ImageStoreService store) {
        this.store = store;
    }

    public String gc() {
        return run(false);
    }

    public String gc(String option) {
        if (!DRY_RUN.equals(option)) {
            return "orca:gc takes no option but " + DRY_RUN + ", not \"" + option + "\"\n";
        }
        return run(true);
    }

    private String run(boolean dryRun) {
        try {
            return store.collectGarbage(dryRun).describe();
        } catch (ImageException e) {
            return e.getMessage() + "\n";
        }
    }
}
