package dev.kintoj.auth;

import dev.kintoj.core.Identity;
import dev.kintoj.permission.PermissionBackend;
import dev.kintoj.permission.memory.MemoryPermissionBackend;
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
        assertEquals(Optional.of("8a931a10fc88ab2f6d1cc02a07d3a81b5d4768f6f13e85c5d8d4180419acb1b4"), id(policy, basic("mat:secret")));
        assertEquals(Optional.of("d5b0026601f1b251974e09548d44155e16812e3c64ff7ae053fe3542e2ca1570"), id(policy, basic("alice:secret")));
        assertEquals(Optional.of("c031ced27503f788b102ca54269a062ec73794bb075154c74a0d4311e74ca8b6"), id(policy, basic("bob:secret")));
    }

    @Test
    void theSecretChangesTheIds() {
        assertNotEquals(id(new BasicAuthPolicy(""), basic("mat:secret")), id(new BasicAuthPolicy("s3cr3t"), basic("mat:secret")));
        assertNotEquals(id(new BasicAuthPolicy(""), basic("mat:secret")), id(new BasicAuthPolicy(""), basic("mat:other")));
    }

    @Test
    void unusableCredentialsAreAnonymous() {
        BasicAuthPolicy policy = new BasicAuthPolicy("");
        for (String header : new String[] {null, "", "Bearer abc", "Basic !!!", basic("no-colon"), basic(":password")}) {
            assertEquals(Optional.empty(), id(policy, header), String.valueOf(header));
        }
        assertTrue(id(policy, "basic " + basic("a:b").substring(6)).isPresent(), "the scheme is case-insensitive");
    }

    @Test
    void authenticatorGivesPrincipalsAndChallenges() {
        PermissionBackend permissions = new MemoryPermissionBackend();
        Authenticator authenticator = authenticator(" basicauth ", permissions);
        Identity mat = authenticator.authenticate(basic("mat:secret")).await().indefinitely();
        assertEquals("basicauth:8a931a10fc88ab2f6d1cc02a07d3a81b5d4768f6f13e85c5d8d4180419acb1b4", mat.userId());
        assertEquals(List.of(mat.userId(), Identity.EVERYONE, Identity.AUTHENTICATED), mat.principals());
        assertEquals(Identity.ANONYMOUS, authenticator.authenticate(null).await().indefinitely());
        assertEquals(List.of("Basic realm=\"Realm\""), authenticator.challenges());
        assertEquals(Identity.ANONYMOUS, authenticator("", permissions).authenticate(basic("mat:secret")).await().indefinitely());
        assertThrows(IllegalArgumentException.class, () -> authenticator("basicauth kerberos", permissions));
    }

    @Test
    void principalsIncludeTheGroupsOfTheUserAndOfEveryAuthenticatedUser() {
        PermissionBackend permissions = new MemoryPermissionBackend();
        String mat = "basicauth:8a931a10fc88ab2f6d1cc02a07d3a81b5d4768f6f13e85c5d8d4180419acb1b4";
        permissions.addUserPrincipal(mat, "/buckets/b/groups/mine").await().indefinitely();
        permissions.addUserPrincipal(Identity.AUTHENTICATED, "/buckets/b/groups/all").await().indefinitely();
        permissions.addUserPrincipal("basicauth:someone-else", "/buckets/b/groups/theirs").await().indefinitely();
        Identity identity = authenticator("basicauth", permissions).authenticate(basic("mat:secret")).await().indefinitely();
        assertEquals(List.of(mat, Identity.EVERYONE, Identity.AUTHENTICATED, "/buckets/b/groups/mine", "/buckets/b/groups/all"),
                identity.principals());
    }

    private static Authenticator authenticator(String policies, PermissionBackend permissions) {
        return new Authenticator(AuthenticationPolicies.fromSettings(policies, name -> Optional.empty(), "",
                () -> {
                    throw new AssertionError("no accounts policy here");
                }), permissions);
    }

    private static Optional<String> id(AuthenticationPolicy policy, String header) {
        return policy.identify(header).await().indefinitely();
    }
}
