package dev.kintoj.openid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenID Connect plugin (plugins.md §6) against a real provider (mock-oauth2-server, {@link OpenIdProviderResource}):
 * tokens it signs, its userinfo, authorize and token endpoints. Runs on memory and on PostgreSQL (cache included).
 */
@QuarkusTest
@TestProfile(OpenIdHttpTest.WithProviders.class)
class OpenIdHttpTest {

    public static class WithProviders implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OpenIdProviderResource.class));
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    OpenIdProviderResource.Provider provider;

    /** An access token signed by the provider for its issuer {@code id}, valid for {@code expiry}. */
    private String token(String id, Map<String, Object> claims, Duration expiry) {
        return provider.server().anyToken(HttpUrl.get(provider.issuer(id)), claims, expiry).serialize();
    }

    private String token(String id, String subject) {
        return token(id, Map.of("sub", subject, "aud", "kinto-api", "email", subject + "@example.com"), Duration.ofHours(1));
    }

    private static String subject() {
        return "user-" + UUID.randomUUID();
    }

    /** The provider's requests since the last call (mock-oauth2-server records each one), by path. */
    private List<String> providerRequests() {
        List<String> paths = new ArrayList<>();
        while (true) {
            try {
                paths.add(provider.server().takeRequest(200, java.util.concurrent.TimeUnit.MILLISECONDS).getPath());
            } catch (RuntimeException none) {
                return paths;
            }
        }
    }

    @Test
    void capabilityListsTheProvidersInPolicyOrder() {
        given().get("/v1/").then().statusCode(200)
                .body("capabilities.openid.description", equalTo("OpenID connect support."))
                .body("capabilities.openid.providers.name", equalTo(List.of("mock", "strict")))
                .body("capabilities.openid.providers[0].issuer", equalTo(provider.issuer("mock")))
                .body("capabilities.openid.providers[0].auth_path", equalTo("/openid/mock/login"))
                .body("capabilities.openid.providers[0].client_id", equalTo("kinto-client"))
                .body("capabilities.openid.providers[0].audience", equalTo(""))
                .body("capabilities.openid.providers[0].header_type", equalTo("Bearer"))
                .body("capabilities.openid.providers[0].userinfo_endpoint", equalTo(provider.issuer("mock") + "/userinfo"))
                .body("capabilities.openid.providers[1].audience", equalTo("kinto-api"))
                .body("user", nullValue());
        given().get("/v1/__api__").then().statusCode(200)
                .body("components.securitySchemes.bearerAuth.scheme", equalTo("bearer"))
                .body("paths.'/openid/{provider}/login'.get.operationId", equalTo("openidLogin"))
                .body("paths.'/openid/{provider}/token'.get.responses.'307'.description", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void aTokenIdentifiesItsUserWithTheUserinfoAsProfile() {
        String sub = subject();
        String bearer = "Bearer " + token("mock", sub);
        given().header("Authorization", bearer).get("/v1/").then().statusCode(200)
                .body("user.id", equalTo("mock:" + sub))
                .body("user.principals", hasItem("system.Authenticated"))
                .body("user.profile.sub", equalTo(sub))
                .body("user.profile.email", equalTo(sub + "@example.com"))
                .body("user.profile.iss", equalTo(provider.issuer("mock")));
        String bucket = "b" + UUID.randomUUID().toString().replace("-", "");
        given().header("Authorization", bearer).put("/v1/buckets/" + bucket).then().statusCode(201)
                .body("permissions.write", equalTo(List.of("mock:" + sub)));
        // The header type is matched without regard to case, as in Kinto.
        given().header("Authorization", "bearer " + token("mock", sub)).get("/v1/buckets/" + bucket).then().statusCode(200);
    }

    @Test
    void refusedTokensLeaveTheRequestAnonymous() {
        given().header("Authorization", "Bearer not-a-token").get("/v1/").then().statusCode(200).body("user", nullValue());
        String expired = token("mock", Map.of("sub", subject()), Duration.ofHours(-1));
        for (String header : List.of("Bearer not-a-token", "Bearer " + expired, "Basic Zm9vOmJhcg==")) {
            Response refused = given().header("Authorization", header).put("/v1/buckets/refused");
            assertEquals(401, refused.statusCode(), header + ": " + refused.asString());
            assertEquals(104, refused.jsonPath().getInt("errno"));
            assertEquals("Bearer realm=\"Realm\"", refused.header("WWW-Authenticate"));
        }
        given().get("/v1/buckets/refused").then().statusCode(401);
    }

    @Test
    void withAnAudienceTheJwtIsCheckedBeforeTheUserinfo() {
        String sub = subject();
        given().header("Authorization", "Bearer " + token("strict", sub)).get("/v1/").then().statusCode(200)
                .body("user.id", equalTo("strict:" + sub + "@example.com"));
        providerRequests();
        String elsewhere = token("strict", Map.of("sub", sub, "aud", "another-api", "email", sub + "@example.com"),
                Duration.ofHours(1));
        given().header("Authorization", "Bearer " + elsewhere).get("/v1/").then().statusCode(200).body("user", nullValue());
        given().header("Authorization", "Bearer " + elsewhere).put("/v1/buckets/elsewhere").then().statusCode(401);
        // The provider would accept it: only the audience check refuses it, and strict's userinfo is never asked.
        List<String> requests = providerRequests();
        assertTrue(requests.stream().noneMatch(path -> path.startsWith("/strict/userinfo")), requests.toString());
        HttpResponse<String> userinfo = get(provider.issuer("strict") + "/userinfo", "Bearer " + elsewhere);
        assertEquals(200, userinfo.statusCode(), userinfo.body());
    }

    @Test
    void verificationsAreCachedForTheTtl() {
        String sub = subject();
        String bearer = "Bearer " + token("mock", sub);
        providerRequests();
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", bearer).get("/v1/").then().statusCode(200).body("user.id", equalTo("mock:" + sub));
        }
        assertEquals(List.of("/mock/userinfo"), providerRequests());
    }

    @Test
    void theLoginDanceEndsAtTheCallbackWithTheProvidersTokens() throws Exception {
        String sub = subject();
        provider.server().enqueueCallback(new DefaultOAuth2TokenCallback("mock", sub, "JWT", List.of("kinto-client"),
                Map.of("email", sub + "@example.com"), 3600));
        String callback = "http://app.example/cb#tokens=";
        Response login = given().redirects().follow(false).queryParam("callback", callback).queryParam("scope", "openid email")
                .get("/v1/openid/mock/login");
        assertEquals(307, login.statusCode(), login.asString());
        String authorize = login.header("Location");
        Map<String, String> params = query(authorize);
        assertTrue(authorize.startsWith(provider.issuer("mock") + "/authorize?"), authorize);
        assertEquals("kinto-client", params.get("client_id"));
        assertEquals("code", params.get("response_type"));
        assertEquals("openid email", params.get("scope"));
        assertTrue(params.get("redirect_uri").endsWith("/v1/openid/mock/token"), authorize);
        assertTrue(params.get("state").matches("[0-9a-f]{64}"), authorize);

        // The browser goes to the provider, which sends it back to the token endpoint with a code.
        HttpResponse<String> authorized = get(authorize, null);
        assertEquals(302, authorized.statusCode(), authorized.body());
        String back = authorized.headers().firstValue("Location").orElseThrow();
        assertTrue(back.startsWith(params.get("redirect_uri") + "?"), back);
        Response token = given().redirects().follow(false).get(back);
        assertEquals(307, token.statusCode(), token.asString());
        String end = token.header("Location");
        assertTrue(end.startsWith(callback), end);
        JsonNode tokens = MAPPER.readTree(Base64.getDecoder().decode(
                URLDecoder.decode(end.substring(callback.length()), StandardCharsets.UTF_8)));
        given().header("Authorization", "Bearer " + tokens.path("access_token").asText()).get("/v1/").then()
                .statusCode(200).body("user.id", equalTo("mock:" + sub));

        // The state was used once.
        Response replay = given().redirects().follow(false).get(back);
        assertEquals(400, replay.statusCode());
        assertEquals(107, replay.jsonPath().getInt("errno"));
        assertEquals("Invalid state", replay.jsonPath().getString("message"));
        assertEquals(Map.of("location", "body", "name", "state", "description", "Invalid state", "errno", 105),
                replay.jsonPath().getMap("details[0]"));
    }

    @Test
    void aProviderErrorIsForwardedToTheCallback() {
        Response login = given().redirects().follow(false).queryParam("callback", "http://app.example/?")
                .queryParam("scope", "openid").get("/v1/openid/mock/login");
        String state = query(login.header("Location")).get("state");
        Response back = given().redirects().follow(false).queryParam("error", "access_denied")
                .queryParam("error_description", "Service not found").queryParam("state", state)
                .get("/v1/openid/mock/token");
        assertEquals(307, back.statusCode(), back.asString());
        assertEquals("http://app.example/?error=access_denied&error_description=Service+not+found", back.header("Location"));
        given().redirects().follow(false).queryParam("error", "access_denied").queryParam("state", state)
                .get("/v1/openid/mock/token").then().statusCode(400).body("message", equalTo("Invalid state"));
    }

    @Test
    void badLoginAndTokenRequestsAreKintoErrors() {
        given().get("/v1/openid/fxa/login").then().statusCode(400).body("errno", equalTo(107))
                .body("details.name", equalTo(List.of("callback", "provider", "scope")))
                .body("details.find { it.name == 'provider' }.location", equalTo("path"))
                .body("details.find { it.name == 'provider' }.description", equalTo("Unknown provider 'fxa'"));
        given().queryParam("callback", "not a url").queryParam("scope", "openid").get("/v1/openid/mock/login").then()
                .statusCode(400).body("details[0].name", equalTo("callback"));
        given().queryParam("callback", "http://ui").queryParam("scope", "openid").queryParam("prompt", "junk")
                .get("/v1/openid/mock/login").then().statusCode(400).body("details[0].name", equalTo("prompt"));
        given().queryParam("callback", "http://ui").queryParam("scope", "openid").get("/v1/openid/strict/login").then()
                .statusCode(400).body("message", equalTo("Provider strict requires 'email' scope"));
        Response withAudience = given().redirects().follow(false).queryParam("callback", "http://ui")
                .queryParam("scope", "openid email").get("/v1/openid/strict/login");
        assertEquals("kinto-api", query(withAudience.header("Location")).get("audience"));
        given().get("/v1/openid/mock/token").then().statusCode(400).body("details.name", equalTo(List.of("code", "state")));
        given().queryParam("code", "abc").queryParam("state", "unknown").get("/v1/openid/mock/token").then()
                .statusCode(400).body("message", equalTo("Invalid state"));
        given().post("/v1/openid/mock/login").then().statusCode(405);
    }

    @Test
    void anUnreachableProviderIsA503ButVerifiedTokensStillWork() throws Exception {
        String known = "Bearer " + token("mock", subject());
        given().header("Authorization", known).get("/v1/").then().statusCode(200);
        Response login = given().redirects().follow(false).queryParam("callback", "http://app.example/#")
                .queryParam("scope", "openid").get("/v1/openid/mock/login");
        String state = query(login.header("Location")).get("state");
        provider.network().cut();
        try {
            String fresh = "Bearer " + token("mock", subject());
            long start = System.nanoTime();
            Response down = given().header("Authorization", fresh).get("/v1/");
            assertTrue(System.nanoTime() - start < 3_000_000_000L, "a refused connection is answered at once");
            assertEquals(503, down.statusCode(), down.asString());
            assertEquals(201, down.jsonPath().getInt("errno"));
            assertTrue(down.header("Retry-After") != null, "Retry-After");
            given().header("Authorization", known).get("/v1/").then().statusCode(200).body("user.id", equalTo(
                    given().header("Authorization", known).get("/v1/").jsonPath().getString("user.id")));
            given().redirects().follow(false).queryParam("code", "abc").queryParam("state", state)
                    .get("/v1/openid/mock/token").then().statusCode(503).body("errno", equalTo(201));
        } finally {
            provider.network().restore();
        }
        given().header("Authorization", "Bearer " + token("mock", subject())).get("/v1/").then().statusCode(200)
                .body("user.id", org.hamcrest.Matchers.startsWith("mock:"));
    }

    // The JWT checks of a policy with an audience, alone: through HTTP the provider's userinfo refuses forged
    // tokens too, so only the audience check is visible there.
    private static final java.util.concurrent.atomic.AtomicInteger JWKS_FETCHES = new java.util.concurrent.atomic.AtomicInteger();

    private JwtVerifier verifier(String issuerId) {
        String issuer = provider.issuer(issuerId);
        return new JwtVerifier(List.of(issuer), "kinto-api", () -> {
            JWKS_FETCHES.incrementAndGet();
            try {
                String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        provider.issuer(issuerId) + "/jwks")).build(), HttpResponse.BodyHandlers.ofString()).body();
                return Uni.createFrom().item(MAPPER.readTree(body));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static boolean accepted(JwtVerifier verifier, String token) {
        return verifier.verify(token).await().atMost(Duration.ofSeconds(10)).isPresent();
    }

    @Test
    void jwtSignatureIssuerAudienceAndDatesAreChecked() {
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
        JsonNode early = MAPPER.valueToTree(Map.of("iss", provider.issuer("strict"), "aud", "kinto-api", "nbf", 2000));
        assertFalse(verifier.claimsValid(early, 1999), "not yet valid");
        assertTrue(verifier.claimsValid(early, 2000));
        assertTrue(accepted(verifier, token("strict", Map.of("sub", "bob", "aud", "kinto-api"), Duration.ofHours(1))));
    }

    @Test
    void jwksKeysAreFetchedOnce() {
        JwtVerifier verifier = verifier("rotating");
        int before = JWKS_FETCHES.get();
        for (int i = 0; i < 3; i++) {
            assertTrue(accepted(verifier, token("rotating", Map.of("sub", "u" + i, "aud", "kinto-api"), Duration.ofHours(1))));
        }
        assertEquals(before + 1, JWKS_FETCHES.get());
    }

    private static HttpResponse<String> get(String url, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return BROWSER.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> query(String url) {
        Map<String, String> values = new HashMap<>();
        String query = URI.create(url).getRawQuery();
        for (String pair : query.split("&")) {
            String[] parts = pair.split("=", 2);
            values.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        return values;
    }
}
