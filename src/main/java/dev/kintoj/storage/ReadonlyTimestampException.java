package dev.kintoj.storage;

/** A read-only instance was asked for the timestamp of a list no writable instance ever initialised. */
public class ReadonlyTimestampException extends RuntimeException {
    public ReadonlyTimestampException() {
        super("Resource timestamp cannot be written. Plural endpoint must be hit at least once from a writable instance.",
                null, false, false);
    }
}
