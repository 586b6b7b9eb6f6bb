package dev.kintoj.cache;

import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.Optional;

/** Short-lived keys (pagination nonces, credential checks). Writes are not part of the request's transaction. */
public interface Cache {
    Uni<Void> set(String key, String value, Duration ttl);

    Uni<Optional<String>> get(String key);

    /** Removes the key; true if it was there (used to consume one-time tokens). */
    Uni<Boolean> delete(String key);

    Uni<Void> flush();

    Uni<Boolean> healthy();
}
