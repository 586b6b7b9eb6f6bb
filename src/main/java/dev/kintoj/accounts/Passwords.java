package dev.kintoj.accounts;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import dev.kintoj.core.KintoError;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import java.nio.charset.StandardCharsets;

/**
 * bcrypt as Kinto's accounts use it: {@code $2b$}, cost 12 unless {@code account_bcrypt_cost} says otherwise, passwords longer than bcrypt's 72 bytes truncated like
 * the C implementation does. Hashing costs a few hundred milliseconds by design, so it never runs on an event loop.
 */
public final class Passwords {

    /** The range bcrypt accepts; below 10 is only for tests and trusted networks. */
    static final int MIN_COST = 4;
    static final int MAX_COST = 31;
    private static final BCrypt.Version VERSION = BCrypt.Version.VERSION_2B;

    private Passwords() {
    }

    /** bcrypt reads no further: a longer password would be accepted by any of its 72-byte prefixes. */
    public static final int MAX_BYTES = 72;

    /**
     * The hash of a new password; a password over {@link #MAX_BYTES} UTF-8 bytes is refused (400 on
     * {@code data.password}) rather than silently truncated. Existing hashes of longer passwords (made by Kinto)
     * still verify, truncated as bcrypt always did.
     */
    public static Uni<String> hash(String password, int cost) {
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Uni.createFrom().failure(KintoError.invalidBody("data." + Accounts.PASSWORD,
                    "Password is longer than " + MAX_BYTES + " bytes (UTF-8): bcrypt would only use the first " + MAX_BYTES));
        }
        return onWorker(() -> new String(BCrypt.with(VERSION, LongPasswordStrategies.truncate(VERSION))
                .hash(cost, password.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
    }

    /** The configured cost, refused at startup when bcrypt cannot use it. */
    public static int cost(int configured) {
        if (configured < MIN_COST || configured > MAX_COST) {
            throw new IllegalArgumentException("Setting account_bcrypt_cost must be between " + MIN_COST + " and "
                    + MAX_COST + ", not " + configured);
        }
        return configured;
    }

    /** True when the password matches the stored hash; a malformed hash never matches. */
    public static Uni<Boolean> matches(String password, String hash) {
        return onWorker(() -> {
            try {
                return BCrypt.verifyer(VERSION, LongPasswordStrategies.truncate(VERSION))
                        .verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8)).verified;
            } catch (RuntimeException malformed) {
                return false;
            }
        });
    }

    private static <T> Uni<T> onWorker(java.util.function.Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
