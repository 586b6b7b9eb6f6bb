package dev.kintoj.accounts;

import dev.kintoj.auth.AuthenticationPolicy;
import dev.kintoj.auth.BasicCredentials;
import dev.kintoj.core.Hmac;
import dev.kintoj.cache.Cache;
import dev.kintoj.storage.Storage;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.Optional;

/**
 * Basic credentials checked against the stored accounts (plugins.md §2.4). A successful bcrypt check is
 * remembered in the cache as an HMAC of the password, so only the first request of a session pays for bcrypt;
 * the entry is dropped when the account changes.
 */
public final class AccountsPolicy implements AuthenticationPolicy {

    private final Storage storage;
    private final Cache cache;
    private final String hmacSecret;
    private final Duration ttl;

    public AccountsPolicy(Storage storage, Cache cache, String hmacSecret, Duration ttl) {
        this.storage = storage;
        this.cache = cache;
        this.hmacSecret = hmacSecret;
        this.ttl = ttl;
    }

    /** User ids are {@code account:<username>} whatever the policy is called in {@code multiauth.policies}. */
    @Override
    public String name() {
        return Accounts.POLICY;
    }

    @Override
    public Uni<Optional<String>> identify(String authorizationHeader) {
        Optional<BasicCredentials> credentials = BasicCredentials.parse(authorizationHeader)
                .filter(c -> Accounts.IDS.accepts(c.user()));
        if (credentials.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        String user = credentials.get().user();
        String password = credentials.get().password();
        String cacheKey = cacheKey(hmacSecret, user);
        String proof = Hmac.hex(cacheKey, password);
        return cache.get(cacheKey).chain(cached -> {
            if (cached.isPresent() && Hmac.constantTimeEquals(cached.get(), proof)) {
                return cache.set(cacheKey, proof, ttl).map(x -> Optional.of(user));
            }
            return storage.get(Accounts.RESOURCE, user, user).chain(account -> {
                String hash = account.map(a -> a.path(Accounts.PASSWORD).asText(null)).orElse(null);
                if (hash == null) {
                    return Uni.createFrom().item(Optional.<String>empty());
                }
                return Passwords.matches(password, hash).chain(valid -> valid
                        ? cache.set(cacheKey, proof, ttl).map(x -> Optional.of(user))
                        : Uni.createFrom().item(Optional.<String>empty()));
            });
        });
    }

    @Override
    public Optional<String> challenge() {
        return Optional.of("Basic realm=\"Realm\"");
    }

    static String cacheKey(String hmacSecret, String username) {
        return Hmac.hex(hmacSecret, "accounts:" + username + ":verified");
    }
}
