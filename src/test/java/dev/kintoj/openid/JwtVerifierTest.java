package dev.kintoj.openid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JWT checks of a policy with an {@code audience}, with tokens and keys (JWKS) of a real provider: what the
 * HTTP tests cannot isolate, since the provider's own userinfo refuses forged tokens too.
 */
class JwtVerifierTest {

    private static MockOAuth2Server server;
    private static final AtomicInteger JWKS_FETCHES = new AtomicInteger();

    @BeforeAll
    static void start() {
        server = new MockOAuth2Server();
        server.start();
    }

    @AfterAll
    static void stop() {
        server.shutdown();
    }

    private static JwtVerifier verifier(String issuerId) {
        String issuer = server.issuerUrl(issuerId).toString();
        return new JwtVerifier(List.of(issuer), "kinto-api", () -> {
            JWKS_FETCHES.incrementAndGet();
            try {
                String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        server.jwksUrl(issuerId).toString())).build(), HttpResponse.BodyHandlers.ofString()).body();
                return Uni.createFrom().item(new ObjectMapper().readTree(body));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static String token(String issuerId, Map<String, Object> claims, Duration expiry) {
        return server.anyToken(server.issuerUrl(issuerId), claims, expiry).serialize();
    }

    private static boolean accepted(JwtVerifier verifier, String token) {
        return verifier.verify(token).await().atMost(Duration.ofSeconds(10)).isPresent();
    }

    @Test
    void signatureIssuerAudienceAndDatesAreChecked() {
        JwtVerifier verifier = verifier("strict");
        Map<String, Object> claims = Map.of("sub", "alice", "aud", List.of("other", "kinto-api"));
        String good = token("strict", claims, Duration.ofHours(1));
        JsonNode verified = verifier.verify(good).await().indefinitely().orElseThrow();
        assertEquals("alice", verified.path("sub").asText());

        // The same claims signed by another issuer's key, and a payload changed after signing.
        assertFalse(accepted(verifier, token("elsewhere", claims, Duration.ofHours(1))), "issuer");
        String[] parts = good.split("\\.");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("alice", "mallory")
                        .getBytes(StandardCharsets.UTF_8));
        assertFalse(accepted(verifier, parts[0] + "." + forged + "." + parts[2]), "forged payload");
        assertFalse(accepted(verifier, parts[0] + "." + parts[1] + "."), "no signature");
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        assertFalse(accepted(verifier, unsigned + "." + parts[1] + "."), "alg none");

        assertFalse(accepted(verifier, token("strict", Map.of("sub", "alice", "aud", "other"), Duration.ofHours(1))), "audience");
        assertFalse(accepted(verifier, token("strict", claims, Duration.ofMinutes(-5))), "expired");
        // The provider always issues tokens valid from now: the not-before rule on the claims themselves.
        ObjectMapper json = new ObjectMapper();
        JsonNode early = json.valueToTree(Map.of("iss", server.issuerUrl("strict").toString(), "aud", "kinto-api", "nbf", 2000));
        assertFalse(verifier.claimsValid(early, 1999), "not yet valid");
        assertTrue(verifier.claimsValid(early, 2000));
        assertTrue(accepted(verifier, token("strict", Map.of("sub", "bob", "aud", "kinto-api"), Duration.ofHours(1))));
    }

    @Test
    void keysAreFetchedOnceAndAgainForAnUnknownKey() {
        JwtVerifier verifier = verifier("rotating");
        int before = JWKS_FETCHES.get();
        for (int i = 0; i < 3; i++) {
            assertTrue(accepted(verifier, token("rotating", Map.of("sub", "u" + i, "aud", "kinto-api"), Duration.ofHours(1))));
        }
        assertEquals(before + 1, JWKS_FETCHES.get());
    }
}
