package dev.clientele.journal;

import java.nio.file.Path;

/**
 * A journal holds records of a newer format than this program reads: it was written by a newer Clientele (a
 * downgrade). Thrown at open, before anything is replayed into the program's state or changed in the file.
 */
public final class JournalFormatException extends IllegalStateException {
    private final Path file;
    private final int found;
    private final int readable;

    JournalFormatException(Path file, int line, int found, int readable) {
        super("the journal " + file + " holds records of format " + found + " (line " + line + "), written by a "
                + "newer Clientele; this version reads format " + readable + " at most: run the newer version, or "
                + "restore a backup made by this one; the file is left as it is");
        this.file = file;
        this.found = found;
        this.readable = readable;
    }

    public Path file() {
        return file;
    }

    /** The format the journal's records were written in. */
    public int found() {
        return found;
    }

    /** The newest format this program reads. */
    public int readable() {
        return readable;
    }
}
