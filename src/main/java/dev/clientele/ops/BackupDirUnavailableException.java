package dev.clientele.ops;

/**
 * A backup refused because the backup directory is not the one earlier backups went to: its marker is gone, most
 * likely because its disk is not mounted (HTTP 503).
 */
public class BackupDirUnavailableException extends RuntimeException {
    public BackupDirUnavailableException(String message) {
        super(message);
    }
}
