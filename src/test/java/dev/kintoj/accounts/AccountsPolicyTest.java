package dev.kintoj.accounts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.kintoj.cache.memory.MemoryCache;
import dev.kintoj.core.Hmac;
import dev.kintoj.storage.memory.MemoryStorage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** plugins.md §2.4 against the memory storage and cache: bcrypt check, then the HMAC-keyed login cache. */
class AccountsPolicyTest {

    private MemoryStorage storage;
    private MemoryCache cache;
    private AccountsPolicy policy;

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private Optional<String> identify(String credentials) {
        return policy.identify(basic(credentials)).await().indefinitely();
    }

    @BeforeEach
    void anAccountWithAPassword() {
        storage = new MemoryStorage();
        cache = new MemoryCache("");
        policy = new AccountsPolicy(storage, cache, "secret", Duration.ofSeconds(30));
        String hash = Passwords.hash("right horse", 4).await().indefinitely();
        storage.create("account", "ann", JsonNodeFactory.instance.objectNode().put("id", "ann").put("password", hash))
                .await().indefinitely();
    }

    @Test
    void theRightPasswordIdentifiesTheAccountAndIsRemembered() {
        assertEquals(Optional.of("ann"), identify("ann:right horse"));
        String key = AccountsPolicy.cacheKey("secret", "ann");
        assertEquals(Hmac.hex("secret", "accounts:ann:verified"), key);
        Optional<String> cached = cache.get(key).await().indefinitely();
        assertEquals(Optional.of(Hmac.hex(key, "right horse")), cached, "the cache holds an HMAC, never the password");
        // Served from the cache from now on, even if the stored hash could not be read any more.
        storage.update("account", "ann", "ann", JsonNodeFactory.instance.objectNode().put("id", "ann").put("password", "garbage"))
                .await().indefinitely();
        assertEquals(Optional.of("ann"), identify("ann:right horse"));
    }

    @Test
    void aWrongPasswordNeverIdentifiesEvenWhenTheRightOneIsCached() {
        assertEquals(Optional.empty(), identify("ann:wrong"));
        assertEquals(Optional.of("ann"), identify("ann:right horse"));
        assertEquals(Optional.empty(), identify("ann:wrong"));
        assertEquals(Optional.empty(), identify("ann:right horse "));
        assertEquals(Optional.empty(), identify("ann:"));
    }

    @Test
    void unknownOrInvalidUsersAreDeclined() {
        assertEquals(Optional.empty(), identify("nobody:right horse"));
        assertEquals(Optional.empty(), identify("../ann:right horse"));
        assertEquals(Optional.empty(), identify(":right horse"));
        assertEquals(Optional.empty(), policy.identify(null).await().indefinitely());
        assertEquals(Optional.empty(), policy.identify("Bearer abc").await().indefinitely());
    }

    @Test
    void droppingTheCacheEntryForcesANewCheck() {
        assertEquals(Optional.of("ann"), identify("ann:right horse"));
        String newHash = Passwords.hash("new", 4).await().indefinitely();
        storage.update("account", "ann", "ann", JsonNodeFactory.instance.objectNode().put("id", "ann").put("password", newHash))
                .await().indefinitely();
        cache.delete(AccountsPolicy.cacheKey("secret", "ann")).await().indefinitely();
        assertEquals(Optional.empty(), identify("ann:right horse"));
        assertEquals(Optional.of("ann"), identify("ann:new"));
    }

}
