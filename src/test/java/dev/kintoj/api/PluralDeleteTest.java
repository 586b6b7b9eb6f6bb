package dev.kintoj.api;

import dev.kintoj.core.ResourceKind;
import dev.kintoj.core.ResourceKinds;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code DELETE} on the plural endpoint of every kind the running service registers, with objects in it, on each
 * backend the suite runs on. The storage keeps some kinds in one list per parent and others (accounts) in one list
 * per object; a suite that deleted only through the first kind missed a 500 on PostgreSQL for the second. Here a
 * new kind is covered the day it is registered.
 */
@QuarkusTest
class PluralDeleteTest {

    /** Every kind accepts these fields (accounts need a password, groups may have members). */
    private static String body(String marker) {
        return "{\"data\": {\"password\": \"secret\", \"members\": [], \"marker\": \"" + marker + "\"}}";
    }

    @Inject
    ResourceKinds kinds;

    @Test
    void everyPluralDeleteRemovesTheCallersObjects() {
        List<String> covered = new ArrayList<>();
        for (ResourceKind kind : kinds.all()) {
            if (!kind.hooks().pluralMethods().contains("DELETE") || !kind.hooks().hasObjectEndpoint()) {
                continue;
            }
            String user = Fixtures.uid("u");
            // An account of its own: the caller may create buckets, and is the writer of all it creates.
            given().contentType(Fixtures.JSON).body("{\"data\": {\"password\": \"pw\"}}")
                    .put("/v1/accounts/" + user).then().statusCode(201);
            String plural = pluralPath(kind, user);
            List<String> ids = kind.name().equals("account") ? List.of(user) : List.of("o1", "o2");
            if (!kind.name().equals("account")) {
                for (String id : ids) {
                    as(user).contentType(Fixtures.JSON).body(body(user)).put(plural + "/" + id).then().statusCode(201);
                }
            }

            // Anonymous suites leave objects everyone may write: the marker keeps this deletion to its own.
            Response deleted = as(user).delete(kind.name().equals("account") ? plural : plural + "?marker=" + user);

            assertEquals(200, deleted.statusCode(), kind + ": " + deleted.asString());
            List<String> gone = deleted.jsonPath().getList("data.id");
            assertEquals(ids.size(), gone.size(), kind + ": " + deleted.asString());
            assertTrue(gone.containsAll(ids), kind + ": " + deleted.asString());
            assertTrue(deleted.jsonPath().getList("data.deleted").stream().allMatch(Boolean.TRUE::equals), kind.name());
            if (!kind.name().equals("account")) {
                assertTrue(as(user).get(plural + "?marker=" + user).jsonPath().getList("data").isEmpty(), kind.name());
            }
            covered.add(kind.name());
        }
        assertTrue(covered.containsAll(List.of("bucket", "collection", "group", "record", "account")), covered.toString());
    }

    /** The plural path of a kind, its ancestors created by {@code user} (PUT of the first object of each level). */
    private static String pluralPath(ResourceKind kind, String user) {
        if (kind.parent() == null) {
            return "/v1/" + kind.segment();
        }
        String parentPlural = pluralPath(kind.parent(), user);
        String parentId = kind.parent().name().equals("bucket") ? Fixtures.uid("b") : "p";
        String parent = parentPlural + "/" + parentId;
        as(user).put(parent).then().statusCode(201);
        return parent + "/" + kind.segment();
    }

    private static io.restassured.specification.RequestSpecification as(String user) {
        return given().auth().preemptive().basic(user, "pw");
    }

    @Test
    void anEmptyPluralDeleteAnswersAnEmptyList() {
        String user = Fixtures.uid("u");
        given().contentType(Fixtures.JSON).body("{\"data\": {\"password\": \"pw\"}}")
                .put("/v1/accounts/" + user).then().statusCode(201);
        for (ResourceKind kind : kinds.all()) {
            if (!kind.hooks().pluralMethods().contains("DELETE") || kind.name().equals("account")
                    || !kind.hooks().hasObjectEndpoint()) {
                continue;
            }
            Response deleted = as(user).delete(pluralPath(kind, user) + "?marker=" + user);
            assertEquals(200, deleted.statusCode(), kind + ": " + deleted.asString());
            assertTrue(deleted.jsonPath().getList("data").isEmpty(), kind.name());
        }
    }
}
