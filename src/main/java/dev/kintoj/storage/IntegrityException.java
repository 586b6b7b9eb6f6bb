package dev.kintoj.storage;

/** A storage integrity constraint was violated (e.g. two objects of a list with one timestamp): HTTP 409. */
public class IntegrityException extends RuntimeException {
    public IntegrityException(String message) {
        super(message, null, false, false);
    }
}
