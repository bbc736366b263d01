package dev.clientele.ops;

/** A backup failed verification: a file is missing or damaged, or it disagrees with its manifest (HTTP 422). */
public class BackupDamagedException extends RuntimeException {
    public BackupDamagedException(String message, Throwable cause) {
        super(message, cause);
    }
}
