package dev.clientele.ops;

/** No backup has this id (HTTP 404). */
public class BackupNotFoundException extends RuntimeException {
    public BackupNotFoundException(String id) {
        super("no backup with id " + id);
    }
}
