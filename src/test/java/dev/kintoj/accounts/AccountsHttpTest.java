package dev.kintoj.accounts;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintoj.storage.Storage;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.Filter;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The accounts plugin over HTTP (plugins.md §2, permissions.md, errors.md), with the test configuration
 * ({@code multiauth.policies = account basicauth}, anyone may sign up) and {@code account:admin} as the only
 * administrator. Every response of the class is checked for a password hash ({@code $2b$}) or a clear password:
 * this implementation never returns them.
 */
@QuarkusTest
class AccountsHttpTest {

    private static final String ROOT = "admin";
    private static final String JSON = "application/json";
    private static final String JSON_PATCH = "application/json-patch+json";
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Every password used by the class (clear text): none may ever appear in a response. */
    private static final List<String> PASSWORDS = new CopyOnWriteArrayList<>();
    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
    private static final AtomicInteger CHECKED = new AtomicInteger();
    private static String rootPassword;

    @Inject
    Storage storage;

    @ConfigProperty(name = "kinto.account_bcrypt_cost")
    int bcryptCost;

    /** Inspects the headers and body of every response of the class. */
    private static final Filter SPY = (request, response, context) -> {
        Response r = context.next(request, response);
        String text = r.getHeaders().toString() + "\n" + r.asString();
        String where = request.getMethod() + " " + request.getURI() + " -> " + r.statusCode() + ": ";
        if (text.contains("$2b$") || text.contains("$2a$") || text.contains("$2y$")) {
            LEAKS.add(where + "bcrypt hash in response: " + r.asString());
        }
        for (String password : PASSWORDS) {
            if (text.contains(password)) {
                LEAKS.add(where + "clear password " + password + " in response: " + r.asString());
            }
        }
        CHECKED.incrementAndGet();
        return r;
    };

    @BeforeEach
    void resetLeaks() {
        LEAKS.clear();
        CHECKED.set(0);
    }

    @AfterEach
    void noResponseRevealedAPassword() {
        assertTrue(CHECKED.get() > 0, "no response was checked");
        assertTrue(LEAKS.isEmpty(), "passwords leaked:\n" + String.join("\n", LEAKS));
    }

    // ---------------------------------------------------------------- helpers

    private static String random(int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    /** A fresh account name (never one of the basicauth users of the other suites). */
    private static String name() {
        return "acc" + random(10);
    }

    /** A fresh password, remembered so that no response may contain it. */
    private static String password() {
        String password = "pw" + random(18);
        PASSWORDS.add(password);
        return password;
    }

    private static RequestSpecification anonymous() {
        return given().filter(SPY);
    }

    private static RequestSpecification as(String user, String password) {
        return anonymous().auth().preemptive().basic(user, password);
    }

    private static RequestSpecification asRoot() {
        return as(ROOT, root());
    }

    private static String passwordBody(String password) {
        return "{\"data\": {\"password\": \"" + password + "\"}}";
    }

    /** The administrator account of the test configuration, created once per server: no other suite creates it. */
    private static synchronized String root() {
        if (rootPassword == null) {
            String password = password();
            anonymous().contentType(JSON).body(passwordBody(password)).put("/v1/accounts/" + ROOT)
                    .then().statusCode(201);
            rootPassword = password;
        }
        return rootPassword;
    }

    /** Creates an account anonymously with PUT and returns nothing: the caller keeps name and password. */
    private static void create(String name, String password) {
        anonymous().contentType(JSON).body(passwordBody(password)).put("/v1/accounts/" + name)
                .then().statusCode(201).body("data.id", equalTo(name));
    }

    /** The user id the server sees for these credentials ({@code null} when anonymous). */
    private static String whoAmI(String user, String password) {
        return as(user, password).get("/v1/").then().statusCode(200).extract().path("user.id");
    }

    /** The basicauth user id of these credentials (permissions.md §1.1, empty HMAC secret in tests). */
    private static String basicauthId(String user, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(new byte[1], "HmacSHA256"));
            return "basicauth:" + HexFormat.of().formatHex(mac.doFinal((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertJsonBody(Response response, String expected) {
        try {
            assertEquals(MAPPER.readTree(expected), MAPPER.readTree(response.asString()), "response body");
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + response.asString(), e);
        }
    }

    // ---------------------------------------------------------------- capability

    @Test
    void capabilityReportsValidationDisabled() {
        anonymous().get("/v1/").then().statusCode(200)
                .body("capabilities.accounts.description", equalTo("Manage user accounts."))
                .body("capabilities.accounts.url", equalTo("https://kinto.readthedocs.io/en/latest/api/1.x/accounts.html"))
                .body("capabilities.accounts.validation_enabled", equalTo(false));
    }

    // ---------------------------------------------------------------- creation

    /** account_bcrypt_cost decides new hashes (the test profile lowers it: every sign-up would cost 0.3 s). */
    @Test
    void theStoredHashHasTheConfiguredCost() {
        String name = name();
        create(name, password());
        String stored = storage.get("account", name, name).await().indefinitely().orElseThrow().get("password").asText();
        assertTrue(stored.startsWith(String.format("$2b$%02d$", bcryptCost)), stored);
    }

    @Test
    void anonymousCreatesAnAccountWithPutAndLogsIn() {
        String name = name();
        String password = password();
        anonymous().contentType(JSON).body("{\"data\": {\"password\": \"" + password + "\", \"age\": 42}}")
                .put("/v1/accounts/" + name).then().statusCode(201)
                .body("data.id", equalTo(name))
                .body("data.age", equalTo(42))
                .body("data", not(hasKey("password")))
                .body("data.last_modified", not(nullValue()))
                // As in Kinto, the sign-up answer shows the account's own principal as its writer.
                .body("permissions", equalTo(Map.of("write", List.of("account:" + name))));

        as(name, password).get("/v1/").then().statusCode(200)
                .body("user.id", equalTo("account:" + name))
                .body("user.principals", hasItems("account:" + name, "system.Everyone", "system.Authenticated"));

        // The ACL of an account created anonymously: its own principal is the writer.
        as(name, password).get("/v1/accounts/" + name).then().statusCode(200)
                .body("data.id", equalTo(name))
                .body("data.age", equalTo(42))
                .body("data", not(hasKey("password")))
                .body("permissions", equalTo(Map.of("write", List.of("account:" + name))));
    }

    @Test
    void anonymousCreatesAnAccountWithPostAndDataId() {
        String name = "first.last+" + random(8) + "@example.org";
        String password = password();
        anonymous().contentType(JSON).body("{\"data\": {\"id\": \"" + name + "\", \"password\": \"" + password + "\"}}")
                .post("/v1/accounts").then().statusCode(201)
                .body("data.id", equalTo(name))
                .body("data", not(hasKey("password")))
                .body("permissions", equalTo(Map.of("write", List.of("account:" + name))));

        assertEquals("account:" + name, whoAmI(name, password));
        as(name, password).get("/v1/accounts").then().statusCode(200)
                .body("data.id", contains(name));
        as(name, password).get("/v1/accounts/" + name).then().statusCode(200)
                .body("data.id", equalTo(name))
                .body("permissions", equalTo(Map.of("write", List.of("account:" + name))));
    }

    @Test
    void postWithoutIdIsRefused() {
        String password = password();
        Response anonymousPost = anonymous().contentType(JSON).body(passwordBody(password)).post("/v1/accounts");
        anonymousPost.then().statusCode(400)
                .body("code", equalTo(400))
                .body("errno", equalTo(107))
                .body("error", equalTo("Invalid parameters"))
                .body("message", equalTo("data.id in body: Required"))
                .body("details[0].location", equalTo("body"))
                .body("details[0].name", equalTo("data.id"));

        asRoot().contentType(JSON).body(passwordBody(password)).post("/v1/accounts").then().statusCode(400)
                .body("errno", equalTo(107))
                .body("message", equalTo("data.id in body: Required"));
    }

    @Test
    void passwordIsRequired() {
        String name = name();
        anonymous().contentType(JSON).body("{\"data\": {\"age\": 1}}").put("/v1/accounts/" + name).then().statusCode(400)
                .body("errno", equalTo(107))
                .body("error", equalTo("Invalid parameters"))
                .body("message", equalTo("data.password in body: Required"))
                .body("details[0].location", equalTo("body"))
                .body("details[0].name", equalTo("data.password"))
                .body("details[0].description", equalTo("Required"));
        anonymous().contentType(JSON).body("{\"data\": {\"id\": \"" + name + "\"}}").post("/v1/accounts").then().statusCode(400)
                .body("errno", equalTo(107))
                .body("message", equalTo("data.password in body: Required"));

        // Kinto's schema reads an empty password as a missing one.
        anonymous().contentType(JSON).body("{\"data\": {\"password\": \"\"}}").put("/v1/accounts/" + name)
                .then().statusCode(400).body("errno", equalTo(107))
                .body("message", equalTo("data.password in body: Required"))
                .body("details[0].name", equalTo("data.password"));

        // Nothing was created: the administrator does not find it, and the id is still free.
        asRoot().get("/v1/accounts/" + name).then().statusCode(404);
        create(name, password());
    }

    @Test
    void passwordsOverBcrypts72BytesAreRefused() {
        String name = name();
        // 73 bytes in UTF-8 (é is two): bcrypt would accept any password sharing the first 72.
        String tooLong = "é" + "x".repeat(71);
        anonymous().contentType(JSON).body("{\"data\": {\"password\": \"" + tooLong + "\"}}").put("/v1/accounts/" + name)
                .then().statusCode(400)
                .body("errno", equalTo(107))
                .body("details[0].location", equalTo("body"))
                .body("details[0].name", equalTo("data.password"));
        asRoot().get("/v1/accounts/" + name).then().statusCode(404);
        String longest = "x".repeat(72);
        create(name, longest);
        assertEquals("account:" + name, whoAmI(name, longest));
        as(name, longest).contentType("application/json-patch+json")
                .body("[{\"op\": \"replace\", \"path\": \"/data/password\", \"value\": \"" + tooLong + "\"}]")
                .patch("/v1/accounts/" + name).then().statusCode(400).body("errno", equalTo(107));
    }

    @Test
    void anonymousCannotReadTheList() {
        Response list = anonymous().get("/v1/accounts");
        list.then().statusCode(401);
        assertJsonBody(list, "{\"code\":401,\"errno\":999,\"error\":\"Cannot read accounts.\"}");
    }

    @Test
    void anonymousCannotReachAnExistingAccount() {
        String name = name();
        String password = password();
        create(name, password);
        anonymous().get("/v1/accounts/" + name).then().statusCode(401).body("errno", equalTo(104));
        anonymous().contentType(JSON).body("{\"data\": {\"age\": 3}}").patch("/v1/accounts/" + name)
                .then().statusCode(401).body("errno", equalTo(104));
        anonymous().delete("/v1/accounts/" + name).then().statusCode(401).body("errno", equalTo(104));
        // Re-creating it anonymously (PUT over an existing account needs write) is refused too.
        anonymous().contentType(JSON).body(passwordBody(password())).put("/v1/accounts/" + name)
                .then().statusCode(401);
        // The account was left untouched.
        as(name, password).get("/v1/accounts/" + name).then().statusCode(200)
                .body("data", not(hasKey("age")));
    }

    @Test
    void anonymousPostWithAnExistingIdIs401() {
        String name = name();
        String password = password();
        create(name, password);
        anonymous().contentType(JSON).body("{\"data\": {\"id\": \"" + name + "\", \"password\": \"" + password() + "\"}}")
                .post("/v1/accounts").then().statusCode(401);
        // The password was not replaced.
        assertEquals("account:" + name, whoAmI(name, password));
    }

    // ---------------------------------------------------------------- authentication

    @Test
    void aWrongPasswordNeverAuthenticatesAsTheAccount() {
        String name = name();
        String password = password();
        String wrong = password();
        create(name, password);

        // Before any successful login, then after one (the login cache holds the right password).
        assertEquals(basicauthId(name, wrong), whoAmI(name, wrong));
        assertEquals("account:" + name, whoAmI(name, password));
        assertEquals(basicauthId(name, wrong), whoAmI(name, wrong));
        assertEquals("account:" + name, whoAmI(name, password));

        // The basicauth identity has no right on the account.
        as(name, wrong).get("/v1/accounts/" + name).then().statusCode(403).body("errno", equalTo(121));
        as(name, wrong).get("/v1/accounts").then().statusCode(200).body("data", hasSize(0));
    }

    // ---------------------------------------------------------------- what a user can do

    @Test
    void aUserSeesOnlyTheirOwnAccount() {
        String alpha = name();
        String alphaPassword = password();
        String beta = name();
        create(alpha, alphaPassword);
        create(beta, password());

        as(alpha, alphaPassword).get("/v1/accounts").then().statusCode(200)
                .body("data", hasSize(1))
                .body("data[0].id", equalTo(alpha))
                .body("data.password", everyItem(nullValue()));
        as(alpha, alphaPassword).head("/v1/accounts").then().statusCode(200).header("Total-Objects", "1");

        // POSTing their own existing id returns it (200), without changing anything.
        as(alpha, alphaPassword).contentType(JSON)
                .body("{\"data\": {\"id\": \"" + alpha + "\", \"password\": \"" + alphaPassword + "\"}}")
                .post("/v1/accounts").then().statusCode(200)
                .body("data.id", equalTo(alpha))
                .body("data", not(hasKey("password")));
    }

    @Test
    void aUserCannotCreateAnotherAccount() {
        String name = name();
        String password = password();
        create(name, password);
        String other = name();

        as(name, password).contentType(JSON).body("{\"data\": {\"id\": \"" + other + "\", \"password\": \"" + password() + "\"}}")
                .post("/v1/accounts").then().statusCode(400)
                .body("errno", equalTo(107))
                .body("message", equalTo("data.id in body: Username and account ID do not match."))
                .body("details[0].location", equalTo("body"))
                .body("details[0].name", equalTo("data.id"))
                .body("details[0].description", equalTo("Username and account ID do not match."));
        as(name, password).contentType(JSON).body(passwordBody(password())).put("/v1/accounts/" + other)
                .then().statusCode(400)
                .body("message", equalTo("data.id in body: Username and account ID do not match."));

        asRoot().get("/v1/accounts/" + other).then().statusCode(404);
    }

    @Test
    void anotherAccountIsForbidden() {
        String name = name();
        String password = password();
        String other = name();
        String otherPassword = password();
        create(name, password);
        create(other, otherPassword);
        String unknown = name();

        for (String target : List.of(other, unknown)) {
            String path = "/v1/accounts/" + target;
            as(name, password).get(path).then().statusCode(403).body("errno", equalTo(121));
            as(name, password).contentType(JSON).body(passwordBody(password())).patch(path)
                    .then().statusCode(403).body("errno", equalTo(121));
            as(name, password).delete(path).then().statusCode(403).body("errno", equalTo(121));
        }
        // The other account still works with its password.
        assertEquals("account:" + other, whoAmI(other, otherPassword));
    }

    @Test
    void passwordChangeByPatchTakesEffectImmediately() {
        String name = name();
        String old = password();
        String changed = password();
        create(name, old);
        assertEquals("account:" + name, whoAmI(name, old));  // the login is now cached

        as(name, old).contentType(JSON).body(passwordBody(changed)).patch("/v1/accounts/" + name)
                .then().statusCode(200)
                .body("data.id", equalTo(name))
                .body("data", not(hasKey("password")));

        assertEquals(basicauthId(name, old), whoAmI(name, old));
        assertEquals("account:" + name, whoAmI(name, changed));
        assertEquals(basicauthId(name, old), whoAmI(name, old));
    }

    @Test
    void passwordChangeByPut() {
        String name = name();
        String old = password();
        String changed = password();
        create(name, old);
        assertEquals("account:" + name, whoAmI(name, old));

        as(name, old).contentType(JSON).body(passwordBody(changed)).put("/v1/accounts/" + name)
                .then().statusCode(200)
                .body("data.id", equalTo(name))
                .body("data", not(hasKey("password")))
                .body("permissions", equalTo(Map.of("write", List.of("account:" + name))));

        assertEquals(basicauthId(name, old), whoAmI(name, old));
        assertEquals("account:" + name, whoAmI(name, changed));
    }

    @Test
    void patchWithoutPasswordKeepsIt() {
        String name = name();
        String password = password();
        create(name, password);
        assertEquals("account:" + name, whoAmI(name, password));

        as(name, password).contentType(JSON).body("{\"data\": {\"nickname\": \"zed\"}}").patch("/v1/accounts/" + name)
                .then().statusCode(200)
                .body("data.nickname", equalTo("zed"))
                .body("data", not(hasKey("password")));

        // The update dropped the cached login: the stored hash itself is checked again and still matches.
        assertEquals("account:" + name, whoAmI(name, password));
        as(name, password).get("/v1/accounts/" + name).then().statusCode(200)
                .body("data.nickname", equalTo("zed"));
    }

    @Test
    void passwordChangeByJsonPatch() {
        String name = name();
        String old = password();
        String changed = password();
        create(name, old);
        assertEquals("account:" + name, whoAmI(name, old));

        as(name, old).contentType(JSON_PATCH)
                .body("[{\"op\": \"replace\", \"path\": \"/data/password\", \"value\": \"" + changed + "\"}]")
                .patch("/v1/accounts/" + name).then().statusCode(200)
                .body("data.id", equalTo(name))
                .body("data", not(hasKey("password")));

        assertEquals(basicauthId(name, old), whoAmI(name, old));
        assertEquals("account:" + name, whoAmI(name, changed));
    }

    @Test
    void aUserDeletesTheirAccount() {
        String name = name();
        String password = password();
        create(name, password);
        assertEquals("account:" + name, whoAmI(name, password));

        as(name, password).delete("/v1/accounts/" + name).then().statusCode(200)
                .body("data.id", equalTo(name))
                .body("data.deleted", equalTo(true))
                .body("data", not(hasKey("password")));

        assertEquals(basicauthId(name, password), whoAmI(name, password));
        asRoot().get("/v1/accounts/" + name).then().statusCode(404);
    }

    /** On PostgreSQL this was a 500: every account is a list of its own, and the tombstones span them. */
    @Test
    void aUserDeletesTheirAccountThroughThePluralEndpoint() {
        String name = name();
        String password = password();
        create(name, password);
        String other = name();
        create(other, password());

        as(name, password).delete("/v1/accounts").then().statusCode(200)
                .body("data.id", contains(name)).body("data[0].deleted", equalTo(true));
        assertNotEquals("account:" + name, whoAmI(name, password));
        // A user without an account (basicauth) has nothing to delete; the other account is still there.
        as(name, password).delete("/v1/accounts").then().statusCode(200).body("data", hasSize(0));
        asRoot().get("/v1/accounts/" + other).then().statusCode(200);
    }

    @Test
    void passwordCannotBeFilteredOrSorted() {
        String name = name();
        String password = password();
        create(name, password);
        as(name, password).get("/v1/accounts?password=x").then().statusCode(400).body("errno", equalTo(107));
        as(name, password).get("/v1/accounts?_sort=password").then().statusCode(400).body("errno", equalTo(107));
        asRoot().get("/v1/accounts?password=x").then().statusCode(400).body("errno", equalTo(107));
        asRoot().get("/v1/accounts?_sort=-password").then().statusCode(400).body("errno", equalTo(107));
        // Other fields remain usable.
        as(name, password).get("/v1/accounts?id=" + name).then().statusCode(200).body("data.id", contains(name));
    }

    // ---------------------------------------------------------------- administrator

    @Test
    void administratorListsAllAccounts() {
        String alpha = name();
        String beta = name();
        create(alpha, password());
        create(beta, password());
        asRoot().get("/v1/accounts").then().statusCode(200)
                .body("data.id", hasItems(ROOT, alpha, beta))
                .body("data.password", everyItem(nullValue()));
        assertEquals("account:" + ROOT, whoAmI(ROOT, root()));
    }

    @Test
    void administratorReadsAndModifiesAnyAccount() {
        String name = name();
        String password = password();
        create(name, password);

        asRoot().get("/v1/accounts/" + name).then().statusCode(200)
                .body("data.id", equalTo(name))
                .body("data", not(hasKey("password")));
        asRoot().contentType(JSON).body("{\"data\": {\"team\": \"blue\"}}").patch("/v1/accounts/" + name)
                .then().statusCode(200)
                .body("data.team", equalTo("blue"))
                .body("data", not(hasKey("password")));

        // The password is kept and the ACL still names the account only (not the administrator).
        as(name, password).get("/v1/accounts/" + name).then().statusCode(200)
                .body("data.team", equalTo("blue"))
                .body("permissions", equalTo(Map.of("write", List.of("account:" + name))));

        asRoot().get("/v1/accounts/" + name()).then().statusCode(404).body("errno", equalTo(110));
    }

    @Test
    void administratorResetsAPassword() {
        String name = name();
        String forgotten = password();
        String reset = password();
        create(name, forgotten);
        assertEquals("account:" + name, whoAmI(name, forgotten));

        asRoot().contentType(JSON).body(passwordBody(reset)).patch("/v1/accounts/" + name)
                .then().statusCode(200)
                .body("data.id", equalTo(name))
                .body("data", not(hasKey("password")));

        assertEquals(basicauthId(name, forgotten), whoAmI(name, forgotten));
        assertEquals("account:" + name, whoAmI(name, reset));
        as(name, reset).get("/v1/accounts/" + name).then().statusCode(200)
                .body("permissions", equalTo(Map.of("write", List.of("account:" + name))));
    }

    @Test
    void administratorDeletesAnyAccount() {
        String name = name();
        String password = password();
        create(name, password);
        assertEquals("account:" + name, whoAmI(name, password));

        asRoot().delete("/v1/accounts/" + name).then().statusCode(200)
                .body("data.id", equalTo(name))
                .body("data.deleted", equalTo(true));

        assertEquals(basicauthId(name, password), whoAmI(name, password));
        asRoot().get("/v1/accounts/" + name).then().statusCode(404);
    }

    @Test
    void administratorCreatesAccountsForOthers() {
        String byPut = name();
        String byPutPassword = password();
        String byPost = name();
        String byPostPassword = password();

        asRoot().contentType(JSON).body(passwordBody(byPutPassword)).put("/v1/accounts/" + byPut)
                .then().statusCode(201)
                .body("data.id", equalTo(byPut))
                .body("data", not(hasKey("password")))
                .body("permissions", equalTo(Map.of("write", List.of("account:" + byPut))));
        asRoot().contentType(JSON).body("{\"data\": {\"id\": \"" + byPost + "\", \"password\": \"" + byPostPassword + "\"}}")
                .post("/v1/accounts").then().statusCode(201)
                .body("data.id", equalTo(byPost))
                .body("data", not(hasKey("password")))
                .body("permissions", equalTo(Map.of("write", List.of("account:" + byPost))));

        assertEquals("account:" + byPut, whoAmI(byPut, byPutPassword));
        assertEquals("account:" + byPost, whoAmI(byPost, byPostPassword));
        // Their ACL names them, not the administrator who created them.
        as(byPut, byPutPassword).get("/v1/accounts/" + byPut).then().statusCode(200)
                .body("permissions", equalTo(Map.of("write", List.of("account:" + byPut))));
        as(byPost, byPostPassword).get("/v1/accounts/" + byPost).then().statusCode(200)
                .body("permissions", equalTo(Map.of("write", List.of("account:" + byPost))));
        // ... so they manage them themselves.
        as(byPost, byPostPassword).delete("/v1/accounts/" + byPost).then().statusCode(200)
                .body("data.deleted", equalTo(true));
        assertNotEquals("account:" + byPost, whoAmI(byPost, byPostPassword));
    }
}
