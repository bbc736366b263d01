package dev.clientele.ops;

import java.time.Instant;
import java.util.List;

/**
 * What {@code backup.json} in a backup directory records, and what the backup API returns. Backups made before
 * history and data files were included have null {@code historyGeneration}, {@code historyVersions} and
 * {@code data}.
 *
 * @param id                the directory name in the backup directory ({@code backup.dir}, by default
 *                          {@code <data>/backups/}), sortable by time
 * @param path              absolute path of the backup directory (the index files are in its {@code index/})
 * @param createdAt         when the copy finished
 * @param generation        the Lucene commit generation copied
 * @param files             index files copied
 * @param bytes             their total size
 * @param customers         customers in the backup
 * @param historyGeneration the commit generation of the history index copied into {@code history/}, or null
 * @param historyVersions   previous versions in that copy, or null
 * @param data              the other files copied (keys, review journal, saved lists, tombstones, audit log)
 */
public record BackupManifest(String id, String path, Instant createdAt, long generation, int files, long bytes,
                             int customers, Long historyGeneration, Integer historyVersions, List<DataFile> data) {

    /** One copied file: its path relative to the data directory (and the backup), size and SHA-256. */
    public record DataFile(String name, long bytes, String sha256) {
    }
}
