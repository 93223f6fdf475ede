package dev.orca.image.internal.registry;

/** How much of a reply arrived before the registry closed the connection, as the error says it. */
final class ReplyProgress {

    private ReplyProgress() {
    }

    /** {@code after 2009 of 4018 bytes}, or {@code after 2009 bytes} when the length was not promised. */
    static String of(long received, long promised) {
        return "after " + received + (promised >= 0 ? " of " + promised : "") + " bytes";
    }
}
