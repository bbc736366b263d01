package dev.clientele.index;

import java.nio.file.Path;

/**
 * A verified copy of one index commit.
 *
 * @param path       the directory holding the copy
 * @param generation the commit generation copied
 * @param files      number of index files
 * @param bytes      their total size
 * @param customers  live customers in the copy
 */
public record BackupInfo(Path path, long generation, int files, long bytes, int customers) {
}
