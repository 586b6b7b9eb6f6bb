package dev.kintoj.cache;

import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.Optional;

/**
 * Short-lived keys (pagination nonces, credential checks). Writes are not part of the request's transaction. A
 * backend that cannot be reached fails with a {@code BackendException} (503 errno 201), except {@link #healthy}.
 */
public interface Cache {
    /** Stores the value for {@code ttl}, replacing the key's value and expiry; a ttl of zero or less leaves no key. */
    Uni<Void> set(String key, String value, Duration ttl);

    Uni<Optional<String>> get(String key);

    /** Removes the key; true if it was there (used to consume one-time tokens). */
    Uni<Boolean> delete(String key);

    Uni<Void> flush();

    Uni<Boolean> healthy();
}
