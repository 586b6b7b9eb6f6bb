package dev.kintoj.auth;

import dev.kintoj.core.Identity;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test vectors of permissions.md §1.1 and the multiauth rules. */
class BasicAuthPolicyTest {

    static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void userIdsAreTheHmacOfUserAndPassword() {
        BasicAuthPolicy policy = new BasicAuthPolicy("");
        assertEquals(Optional.of("8a931a10fc88ab2f6d1cc02a07d3a81b5d4768f6f13e85c5d8d4180419acb1b4"), policy.identify(basic("mat:secret")));
        assertEquals(Optional.of("d5b0026601f1b251974e09548d44155e16812e3c64ff7ae053fe3542e2ca1570"), policy.identify(basic("alice:secret")));
        assertEquals(Optional.of("c031ced27503f788b102ca54269a062ec73794bb075154c74a0d4311e74ca8b6"), policy.identify(basic("bob:secret")));
    }

    @Test
    void theSecretChangesTheIds() {
        assertNotEquals(new BasicAuthPolicy("").identify(basic("mat:secret")), new BasicAuthPolicy("s3cr3t").identify(basic("mat:secret")));
        assertNotEquals(new BasicAuthPolicy("").identify(basic("mat:secret")), new BasicAuthPolicy("").identify(basic("mat:other")));
    }

    @Test
    void unusableCredentialsAreAnonymous() {
        BasicAuthPolicy policy = new BasicAuthPolicy("");
        for (String header : new String[] {null, "", "Bearer abc", "Basic !!!", basic("no-colon"), basic(":password")}) {
            assertEquals(Optional.empty(), policy.identify(header), String.valueOf(header));
        }
        assertTrue(policy.identify("basic " + basic("a:b").substring(6)).isPresent(), "the scheme is case-insensitive");
    }

    @Test
    void authenticatorGivesPrincipalsAndChallenges() {
        Authenticator authenticator = Authenticator.fromSettings(" basicauth ", "");
        Identity mat = authenticator.identify(basic("mat:secret"));
        assertEquals("basicauth:8a931a10fc88ab2f6d1cc02a07d3a81b5d4768f6f13e85c5d8d4180419acb1b4", mat.userId());
        assertEquals(List.of(mat.userId(), Identity.EVERYONE, Identity.AUTHENTICATED), mat.principals());
        assertEquals(Identity.ANONYMOUS, authenticator.identify(null));
        assertEquals(List.of("Basic realm=\"Realm\""), authenticator.challenges());
        assertEquals(Identity.ANONYMOUS, Authenticator.fromSettings("", "").identify(basic("mat:secret")));
        assertThrows(IllegalArgumentException.class, () -> Authenticator.fromSettings("basicauth kerberos", ""));
    }
}
