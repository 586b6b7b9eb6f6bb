package dev.kintoj.accounts;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bcrypt as Kinto's accounts store it (plugins.md §2.2): {@code $2b$}, cost 12. */
class PasswordsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static String hash(String password) {
        return Passwords.hash(password, 12).await().atMost(WAIT);
    }

    private static boolean matches(String password, String hash) {
        return Passwords.matches(password, hash).await().atMost(WAIT);
    }

    @Test
    void hashIsBcrypt2bCost12AndSalted() {
        String hash = hash("s3cret-été");
        assertTrue(hash.startsWith("$2b$12$"), hash);
        assertEquals(60, hash.length(), hash);
        assertTrue(hash.substring(7).matches("[./A-Za-z0-9]{53}"), hash);
        assertNotEquals(hash, hash("s3cret-été"), "two hashes of one password use different salts");
    }

    @Test
    void theCostIsTheGivenOneWithinBcryptsRange() {
        assertTrue(Passwords.hash("pw", Passwords.cost(4)).await().atMost(WAIT).startsWith("$2b$04$"));
        assertThrows(IllegalArgumentException.class, () -> Passwords.cost(3));
        assertThrows(IllegalArgumentException.class, () -> Passwords.cost(32));
    }

    @Test
    void theRightPasswordMatchesAndAWrongOneDoesNot() {
        String hash = hash("s3cret-été");
        assertTrue(matches("s3cret-été", hash));
        assertFalse(matches("s3cret-ete", hash));
        assertFalse(matches("", hash));
        assertFalse(matches("s3cret-été ", hash));
    }

    @Test
    void hashesMadeElsewhereAreAccepted() {
        // Published bcrypt test vectors (OpenBSD / jBCrypt / py-bcrypt), with the $2b$ prefix Kinto writes.
        assertTrue(matches("", "$2b$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s."));
        assertTrue(matches("abc", "$2b$10$WvvTPHKwdBJ3uk0Z37EMR.hLA2W6N9AEBhEgrAOljy2Ae5MtaSIUi"));
        assertFalse(matches("abd", "$2b$10$WvvTPHKwdBJ3uk0Z37EMR.hLA2W6N9AEBhEgrAOljy2Ae5MtaSIUi"));
    }

    @Test
    void aMalformedHashNeverMatches() {
        assertFalse(matches("secret", "secret"));
        assertFalse(matches("secret", ""));
        assertFalse(matches("secret", "$2b$12$"));
        assertFalse(matches("secret", "$2b$12$tooshort"));
        assertFalse(matches("", "$2b$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1"));
        assertFalse(matches("secret", "$9z$12$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s."));
    }
}
