package dev.clientele.config;

/** The configuration is unusable; the message names the file and the key. Start-up stops. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
