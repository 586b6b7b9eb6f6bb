package dev.kintoj.storage;

/** A value the backend cannot store or compare (e.g. a NUL character in PostgreSQL text): HTTP 400. */
public class InvalidValueException extends RuntimeException {
    public InvalidValueException(String message) {
        super(message, null, false, false);
    }
}
