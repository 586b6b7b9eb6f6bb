package dev.kintoj.storage;

/** A backend failed or is unavailable: HTTP 503 errno 201. */
public class BackendException extends RuntimeException {
    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
