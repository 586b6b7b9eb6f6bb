package dev.kintoj.batch;

import dev.kintoj.PostgresAdmin;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The batch's unit of work (batch.md §4) on the configured backends: both roll back what the spec says (PostgreSQL
 * in its transaction, the in-memory backends through their undo log).
 */
@QuarkusTest
class BatchTransactionTest {

    private static final String STORAGE_URL = System.getenv("KINTO_STORAGE_URL");
    private static final boolean POSTGRESQL = "postgresql".equals(System.getenv("KINTO_STORAGE_BACKEND"));

    private static String collection() {
        String bucket = "/v1/buckets/" + "t" + UUID.randomUUID().toString().substring(0, 8);
        given().put(bucket).then().statusCode(201);
        given().put(bucket + "/collections/c").then().statusCode(201);
        return bucket + "/collections/c";
    }

    @Test
    void aServerErrorFailsTheWholeBatch() {
        String collection = collection();
        given().contentType("application/json").body("""
                        {"requests": [{"method": "PUT", "path": "%s/records/r1", "body": {"data": {"a": 1}}},
                                      {"path": "/__version__"},
                                      {"method": "PUT", "path": "%s/records/r2"}]}""".formatted(collection, collection))
                .post("/v1/batch").then().statusCode(500).body("errno", equalTo(999));
        // The version file is missing in the tests: a 500 after a write, which undoes it.
        given().get(collection + "/records/r1").then().statusCode(404);
        given().get(collection + "/records/r2").then().statusCode(404);
    }

    @Test
    void aClientErrorUndoesOnlyItsOwnChanges() {
        String user = "Basic " + Base64.getEncoder().encodeToString(("u" + UUID.randomUUID() + ":pw").getBytes());
        String personal = given().header("Authorization", user).get("/v1/").jsonPath().getString("user.bucket");
        String collection = collection();
        // The default bucket creates the personal bucket and collection, then the record's body is refused.
        JsonPath result = given().header("Authorization", user).contentType("application/json").body("""
                        {"requests": [{"method": "PUT", "path": "%s/records/kept", "body": {"data": {"a": 1}}},
                                      {"method": "PUT", "path": "/buckets/default/collections/tasks/records/r", "body": {"data": "text"}},
                                      {"method": "PUT", "path": "%s/records/after"}]}""".formatted(collection, collection))
                .post("/v1/batch").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(201, 400, 201), result.getList("responses.status"));
        given().get(collection + "/records/kept").then().statusCode(200);
        given().get(collection + "/records/after").then().statusCode(200);
        given().header("Authorization", user).get("/v1/buckets/" + personal).then().statusCode(403);
    }

    @Test
    void aConflictRollsBackTheWholeBatch() throws Exception {
        assumeTrue(POSTGRESQL, "a conflict is injected with a PostgreSQL trigger");
        String database = STORAGE_URL.substring(STORAGE_URL.lastIndexOf('/') + 1);
        PostgresAdmin.query(database, """
                CREATE OR REPLACE FUNCTION test_injected_conflict() RETURNS trigger AS $$
                BEGIN
                  IF NEW.data->>'inject' = 'conflict' THEN RAISE unique_violation USING MESSAGE = 'injected'; END IF;
                  RETURN NEW;
                END $$ LANGUAGE plpgsql""");
        PostgresAdmin.query(database, "CREATE OR REPLACE TRIGGER test_injected_conflict BEFORE INSERT OR UPDATE ON objects "
                + "FOR EACH ROW EXECUTE FUNCTION test_injected_conflict()");
        String collection = collection();
        JsonPath result = given().contentType("application/json").body("""
                        {"requests": [{"method": "PUT", "path": "%1$s/records/r1", "body": {"data": {"a": 1}}},
                                      {"method": "PUT", "path": "%1$s/records/r2", "body": {"data": {"inject": "conflict"}}},
                                      {"method": "PUT", "path": "%1$s/records/r3"}]}""".formatted(collection))
                .post("/v1/batch").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(201, 409), result.getList("responses.status"));
        assertEquals(122, result.getInt("responses[1].body.errno"));
        assertEquals("3", result.getString("responses[1].headers.Retry-After"));
        given().get(collection + "/records/r1").then().statusCode(404);
        given().get(collection + "/records/r3").then().statusCode(404);
    }

    @Test
    void subrequestsRefusedBeforeAnyStatementKeepTheUnitUsable() {
        String collection = collection();
        // 405 is answered before any statement, the 400 after its own reads: the savepoints around them (sent
        // with a subrequest's first statement, released with the next one) must still line up.
        JsonPath result = given().contentType("application/json").body("""
                        {"requests": [{"method": "PUT", "path": "%1$s/records/r1"},
                                      {"method": "POST", "path": "%1$s/records/r1"},
                                      {"method": "PUT", "path": "%1$s/records/r2"},
                                      {"method": "PUT", "path": "%1$s/records/r3", "body": {"data": "text"}},
                                      {"method": "POST", "path": "%1$s/records/r3"},
                                      {"method": "PUT", "path": "%1$s/records/r4"}]}""".formatted(collection))
                .post("/v1/batch").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(201, 405, 201, 400, 405, 201), result.getList("responses.status"));
        assertEquals(List.of("r4", "r2", "r1"), given().get(collection + "/records").jsonPath().getList("data.id"));
    }

    @Test
    void aPermissionChangedInTheBatchDecidesTheNextSubrequests() {
        String alice = "Basic " + Base64.getEncoder().encodeToString(("a" + UUID.randomUUID() + ":pw").getBytes());
        String bob = "Basic " + Base64.getEncoder().encodeToString(("b" + UUID.randomUUID() + ":pw").getBytes());
        String bobId = given().header("Authorization", bob).get("/v1/").jsonPath().getString("user.id");
        String bucket = "/v1/buckets/" + "p" + UUID.randomUUID().toString().substring(0, 8);
        given().header("Authorization", alice).put(bucket).then().statusCode(201);
        given().header("Authorization", alice).contentType("application/json")
                .body("{\"permissions\": {\"record:create\": [\"%s\"]}}".formatted(bobId))
                .put(bucket + "/collections/c").then().statusCode(201);
        // Bob's second creation asks the same question as his first; the answer must not outlive alice's change.
        JsonPath result = given().contentType("application/json").body("""
                        {"defaults": {"method": "POST", "path": "%1$s/collections/c/records", "headers": {"Authorization": "%2$s"}},
                         "requests": [{"body": {"data": {"n": 1}}},
                                      {"method": "PATCH", "path": "%1$s/collections/c", "headers": {"Authorization": "%3$s"},
                                       "body": {"permissions": {"record:create": []}}},
                                      {"body": {"data": {"n": 2}}}]}""".formatted(bucket, bob, alice))
                .post("/v1/batch").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(201, 200, 403), result.getList("responses.status"));
        assertEquals(1, given().header("Authorization", alice).get(bucket + "/collections/c/records")
                .jsonPath().getList("data").size());
    }
}
