package dev.clientele.ops;

import java.time.Instant;

/**
 * What {@code backup.json} in a backup directory records, and what the backup API returns.
 *
 * @param id         the directory name under {@code <data>/backups/}, sortable by time
 * @param path       absolute path of the backup directory (the index files are in its {@code index/})
 * @param createdAt  when the copy finished
 * @param generation the Lucene commit generation copied
 * @param files      index files copied
 * @param bytes      their total size
 * @param customers  customers in the backup
 */
public record BackupManifest(String id, String path, Instant createdAt, long generation, int files, long bytes,
                             int customers) {
}
