package dev.kintoj.auth;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static dev.kintoj.auth.MultiUserScenariosTest.anonymous;
import static dev.kintoj.auth.MultiUserScenariosTest.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Whoever cannot read a bucket learns nothing about what it holds: every method on a collection's records answers
 * a stranger (403) or an anonymous caller (401) the same whether the collection exists or not. Its readers still
 * get 404 for a missing collection.
 */
@QuarkusTest
class ExistenceLeaksTest {

    private static final String OWNER = "leak-owner";
    private static final String STRANGER = "leak-stranger";
    private static final String READER = "leak-reader";

    private static final List<Function<RequestSpecification, Response>> REQUESTS_ON_RECORDS = List.of(
            spec -> spec.get("/records"),
            spec -> spec.delete("/records"),
            spec -> spec.body("{\"data\": {}}").post("/records"),
            spec -> spec.get("/records/r"),
            spec -> spec.body("{\"data\": {}}").put("/records/r"),
            spec -> spec.body("{\"data\": {}}").patch("/records/r"),
            spec -> spec.delete("/records/r"));

    @Test
    void strangersGetTheSameAnswerForExistingAndMissingCollections() {
        String bucket = "/v1/buckets/private" + Long.toHexString(System.nanoTime());
        as(OWNER).body("{\"permissions\": {\"read\": [\"" + MultiUserScenariosTest.uid(READER) + "\"]}}")
                .put(bucket).then().statusCode(201);
        as(OWNER).put(bucket + "/collections/existing").then().statusCode(201);
        as(OWNER).body("{\"data\": {}}").put(bucket + "/collections/existing/records/r").then().statusCode(201);
        for (Function<RequestSpecification, Response> request : REQUESTS_ON_RECORDS) {
            for (String collection : List.of("existing", "missing")) {
                String base = bucket + "/collections/" + collection;
                Response stranger = request.apply(as(STRANGER).basePath(base));
                assertEquals(403, stranger.statusCode(), collection + " " + stranger.asString());
                assertEquals(121, stranger.jsonPath().getInt("errno"), stranger.asString());
                Response nobody = request.apply(anonymous().basePath(base));
                assertEquals(401, nobody.statusCode(), collection + " " + nobody.asString());
                assertEquals(104, nobody.jsonPath().getInt("errno"), nobody.asString());
            }
            Response reader = request.apply(as(READER).basePath(bucket + "/collections/missing"));
            assertEquals(404, reader.statusCode(), reader.asString());
            assertEquals(111, reader.jsonPath().getInt("errno"), reader.asString());
        }
    }
}
