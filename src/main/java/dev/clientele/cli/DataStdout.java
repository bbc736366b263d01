package dev.clientele.cli;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Standard output as a command's data ({@code clientele export > file}): while held, whatever else prints to
 * {@code System.out} goes to standard error instead. The log's console appender writes to {@code System.out}
 * (the server's log belongs there), so a log line during an export, such as Lucene's warning about the vector module
 * on its first use, would otherwise become a line of the exported file.
 */
final class DataStdout implements AutoCloseable {
    private final PrintStream stdout = System.out;

    DataStdout() {
        System.setOut(System.err);
    }

    /** The real standard output, for the data only. */
    OutputStream stream() {
        return stdout;
    }

    @Override
    public void close() {
        stdout.flush();
        System.setOut(stdout);
    }
}
