package dev.kintoj.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

import static dev.kintoj.api.Fixtures.json;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sorting (api.md §8.4) and pagination with {@code _limit}, {@code _token} and {@code Next-Page} (§8.5). */
@QuarkusTest
class PaginationTest {

    private String records;

    @BeforeEach
    void freshCollection() {
        records = Fixtures.collection() + "/records";
    }

    // ---------------------------------------------------------------- helpers

    private void create(String id, String data) {
        json("{\"data\": " + data + "}").put(records + "/" + id).then().statusCode(201);
    }

    private Response get(String readable) {
        return given().urlEncodingEnabled(false).get(records + "?" + Fixtures.formQuery(readable));
    }

    private List<String> ids(String readable) {
        return get(readable).then().statusCode(200).extract().path("data.id");
    }

    /** Follows Next-Page from the first request; returns every id seen, page after page. */
    private List<String> walk(String readable) {
        List<String> seen = new ArrayList<>();
        String url = records + "?" + Fixtures.formQuery(readable);
        for (int pages = 0; url != null; pages++) {
            assertTrue(pages < 50, "pagination must end");
            Response page = given().urlEncodingEnabled(false).get(url);
            page.then().statusCode(200);
            seen.addAll(page.path("data.id"));
            url = page.header("Next-Page");
        }
        return seen;
    }

    private static String tokenOf(String nextPage) {
        return nextPage.substring(nextPage.indexOf("_token=") + "_token=".length());
    }

    /** Eight records mixing types, missing fields and duplicates of the sort fields. */
    private void mixedRecords() {
        create("p1", "{\"g\": 1, \"n\": 2, \"v\": null, \"flag\": true, \"sub\": {\"k\": 2}}");
        create("p2", "{\"g\": 2, \"n\": 1, \"v\": \"str\", \"flag\": false, \"sub\": {\"k\": 1}}");
        create("p3", "{\"g\": 1, \"n\": 1, \"v\": 5, \"sub\": {\"k\": 2}}");
        create("p4", "{\"g\": 2, \"n\": 3, \"v\": true, \"flag\": true, \"sub\": 5}");
        create("p5", "{\"g\": 1, \"v\": false, \"flag\": false, \"sub\": {\"k\": 0}}");
        create("p6", "{\"g\": 3, \"n\": 1, \"v\": [1], \"flag\": true}");
        create("p7", "{\"g\": 2, \"n\": 1, \"v\": {\"a\": 1}, \"flag\": false, \"sub\": {\"k\": 1}}");
        create("p8", "{\"n\": 2, \"flag\": true, \"sub\": {\"k\": 2}}");
    }

    // ---------------------------------------------------------------- §8.4 sorting

    @Test
    void defaultOrderIsNewestFirstAndLastModifiedCanBeAscending() {
        mixedRecords();
        assertEquals(List.of("p8", "p7", "p6", "p5", "p4", "p3", "p2", "p1"), ids("_since=0"));
        assertEquals(List.of("p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8"), ids("_sort=last_modified"));
        assertEquals(List.of("p8", "p7", "p6", "p5", "p4", "p3", "p2", "p1"), ids("_sort=-last_modified"));
    }

    @Test
    void sortIsMultiKeyWithDescendingPrefix() {
        mixedRecords();
        assertEquals(List.of("p3", "p1", "p5", "p7", "p2", "p4", "p6", "p8"), ids("_sort=g,n"));
        assertEquals(List.of("p5", "p1", "p3", "p4", "p7", "p2", "p6", "p8"), ids("_sort=g,-n"));
        assertEquals(List.of("p8", "p6", "p7", "p2", "p4", "p3", "p1", "p5"), ids("_sort=-g,n"));
    }

    @Test
    void plusPrefixIsAscending() {
        mixedRecords();
        assertEquals(ids("_sort=g,n"), ids("_sort=+g,+n"));
    }

    @Test
    void tiesAreBrokenByNewestFirstUnlessLastModifiedIsListed() {
        mixedRecords();
        assertEquals(List.of("p5", "p3", "p1", "p7", "p4", "p2", "p6", "p8"), ids("_sort=g"));
        assertEquals(List.of("p1", "p3", "p5", "p2", "p4", "p7", "p6", "p8"), ids("_sort=g,last_modified"));
    }

    @Test
    void typesSortNullStringNumberBooleanArrayObjectThenMissing() {
        mixedRecords();
        assertEquals(List.of("p1", "p2", "p3", "p5", "p4", "p6", "p7", "p8"), ids("_sort=v"),
                "null < string < number < false < true < array < object < missing");
        assertEquals(List.of("p8", "p7", "p6", "p4", "p5", "p3", "p2", "p1"), ids("_sort=-v"),
                "missing fields come first in descending order");
    }

    @Test
    void booleansSortFalseFirst() {
        mixedRecords();
        assertEquals(List.of("p7", "p5", "p2", "p8", "p6", "p4", "p1", "p3"), ids("_sort=flag"));
        assertEquals(List.of("p3", "p8", "p6", "p4", "p1", "p7", "p5", "p2"), ids("_sort=-flag"));
    }

    @Test
    void dottedPathsSortOnNestedFields() {
        mixedRecords();
        assertEquals(List.of("p5", "p7", "p2", "p8", "p3", "p1", "p6", "p4"), ids("_sort=sub.k"),
                "p6 (no sub) and p4 (sub is not an object) have no sub.k");
    }

    @Test
    void invalidSortEntriesAreIgnored() {
        mixedRecords();
        List<String> byN = ids("_sort=-n");
        assertEquals(List.of("p5", "p4", "p8", "p1", "p7", "p6", "p3", "p2"), byN);
        assertEquals(byN, ids("_sort=@@,-n,a b,,-"));
        assertEquals(ids("_since=0"), ids("_sort=$$$"));
    }

    // ---------------------------------------------------------------- §8.5 _limit

    @Test
    void limitReturnsTheFirstObjectsAndANextPageOnlyWhenMoreExist() {
        for (String id : List.of("a", "b", "c", "d", "e")) {
            create(id, "{}");
        }
        Response two = get("_limit=2");
        two.then().statusCode(200).body("data.id", contains("e", "d"));
        assertNotNull(two.header("Next-Page"));
        Response exact = get("_limit=5");
        exact.then().statusCode(200).body("data.size()", equalTo(5));
        assertNull(exact.header("Next-Page"), "exactly limit objects: no next page");
        assertNull(get("_limit=50").header("Next-Page"));
        Response zero = get("_limit=0");
        zero.then().statusCode(200).body("data.size()", equalTo(5));
        assertNull(zero.header("Next-Page"), "_limit=0 means no explicit limit");
    }

    @Test
    void invalidLimitsAreRejected() {
        for (String[] bad : new String[][] {
                {"abc", "_limit in querystring: \"abc\" is not a number", "\"abc\" is not a number"},
                {"-1", "_limit in querystring: -1 is less than minimum value 0", "-1 is less than minimum value 0"},
                {"1.5", "_limit in querystring: \"1.5\" is not a number", "\"1.5\" is not a number"}}) {
            get("_limit=" + bad[0]).then().statusCode(400)
                    .body("errno", equalTo(107))
                    .body("error", equalTo("Invalid parameters"))
                    .body("message", equalTo(bad[1]))
                    .body("details[0].location", equalTo("querystring"))
                    .body("details[0].name", equalTo("_limit"))
                    .body("details[0].description", equalTo(bad[2]));
        }
        given().urlEncodingEnabled(false).delete(records + "?_limit=abc").then().statusCode(400)
                .body("message", equalTo("_limit in querystring: \"abc\" is not a number"));
    }

    // ---------------------------------------------------------------- Next-Page URL

    @Test
    void nextPageIsAnAbsoluteUrlKeepingParametersInOrderFormEncoded() {
        create("a", "{\"s\": \"xa by\", \"n\": 1}");
        create("b", "{\"s\": \"a bc\", \"n\": 2}");
        create("c", "{\"s\": \"za b\", \"n\": 3}");
        String next = get("like_s=a b&_limit=1&_sort=-n,s&_since=\"0\"&_x=*{}").header("Next-Page");
        assertNotNull(next);
        String prefix = "http://localhost:" + RestAssured.port + records
                + "?like_s=a+b&_limit=1&_sort=-n%2Cs&_since=%220%22&_x=%2A%7B%7D&_token=";
        assertTrue(next.startsWith(prefix), next);
        assertTrue(Pattern.matches("[A-Za-z0-9%._~-]+", tokenOf(next)), "the token is form-encoded: " + next);
        given().urlEncodingEnabled(false).get(next).then().statusCode(200).body("data.id", contains("b"));
    }

    @Test
    void limitAndTokenKeepTheirPositionOnLaterPages() {
        for (String id : List.of("a", "b", "c", "d")) {
            create(id, "{\"n\": 1}");
        }
        String first = get("_limit=1&n=1").header("Next-Page");
        assertTrue(first.contains("?_limit=1&n=1&_token="), first);
        String token = tokenOf(first);
        Response page = given().urlEncodingEnabled(false).get(records + "?_token=" + token + "&n=1&_limit=1");
        page.then().statusCode(200).body("data.id", contains("c"));
        String next = page.header("Next-Page");
        assertTrue(next.contains("?_token="), next);
        assertTrue(next.endsWith("&n=1&_limit=1"), next);
        assertNotEquals(token, next.substring(next.indexOf("_token=") + 7, next.indexOf("&n=1")));
    }

    @Test
    void tokenIsBase64OfTheLastObjectsSortValues() {
        create("a", "{\"n\": 1}");
        create("b", "{\"n\": 2}");
        Response page = get("_sort=n&_limit=1");
        long lm = page.jsonPath().getLong("data[0].last_modified");
        String token = java.net.URLDecoder.decode(tokenOf(page.header("Next-Page")), StandardCharsets.UTF_8);
        var decoded = Fixtures.parse(new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8));
        assertEquals(Fixtures.parse("{\"n\": 1, \"last_modified\": " + lm + "}"), decoded.get("last_object"));
        assertTrue(decoded.get("offset").isIntegralNumber());
        assertTrue(decoded.get("nonce").isTextual());
    }

    // ---------------------------------------------------------------- following Next-Page

    @Test
    void followingNextPageYieldsEveryObjectOnceInOrderForEverySort() {
        mixedRecords();
        for (String sort : List.of("-last_modified", "last_modified", "n", "-n", "g,-n", "-g,n", "v", "-v",
                "flag", "-flag,g", "sub.k", "-sub.k,n")) {
            List<String> expected = ids("_sort=" + sort);
            assertEquals(8, expected.size());
            for (int limit : new int[] {1, 2, 3}) {
                List<String> seen = walk("_sort=" + sort + "&_limit=" + limit);
                assertEquals(expected, seen, "sort " + sort + ", limit " + limit);
                assertEquals(8, new HashSet<>(seen).size());
            }
        }
    }

    @Test
    void paginationWithoutSortFollowsNewestFirst() {
        mixedRecords();
        assertEquals(List.of("p8", "p7", "p6", "p5", "p4", "p3", "p2", "p1"), walk("_limit=3"));
    }

    @Test
    void filtersStillApplyOnLaterPages() {
        mixedRecords();
        assertEquals(List.of("p2", "p3", "p6", "p7"), walk("n=1&_sort=last_modified&_limit=1"));
        assertEquals(List.of("p5", "p4", "p8", "p1"), walk("not_n=1&_sort=-n&_limit=3"));
    }

    @Test
    void pagesOfASinceQueryIncludeTombstones() {
        mixedRecords();
        given().delete(records + "/p3").then().statusCode(200);
        given().delete(records + "/p6").then().statusCode(200);
        List<String> seen = walk("_since=0&_sort=last_modified&_limit=2");
        assertEquals(List.of("p1", "p2", "p4", "p5", "p7", "p8", "p3", "p6"), seen);
        List<String> byN = ids("_since=0&_sort=-n");
        assertEquals(List.of("p6", "p3", "p5", "p4", "p8", "p1", "p7", "p2"), byN, "tombstones have no n: first descending");
        assertEquals(byN, walk("_since=0&_sort=-n&_limit=3"));
        assertEquals(ids("_since=0&_sort=n"), walk("_since=0&_sort=n&_limit=2"));
    }

    @Test
    void getTokensCanBeReplayed() {
        for (String id : List.of("a", "b", "c")) {
            create(id, "{}");
        }
        String next = get("_limit=1").header("Next-Page");
        given().urlEncodingEnabled(false).get(next).then().statusCode(200).body("data.id", contains("b"));
        given().urlEncodingEnabled(false).get(next).then().statusCode(200).body("data.id", contains("b"));
    }

    @Test
    void ifMatchWithTheFirstPageEtagDetectsChangesDuringPagination() {
        for (String id : List.of("a", "b", "c")) {
            create(id, "{}");
        }
        Response first = get("_limit=1");
        String etag = first.header("ETag");
        String next = first.header("Next-Page");
        given().urlEncodingEnabled(false).header("If-Match", etag).get(next).then().statusCode(200)
                .body("data.id", contains("b"));
        create("d", "{}");
        given().urlEncodingEnabled(false).header("If-Match", etag).get(next).then().statusCode(412)
                .body("errno", equalTo(114))
                .header("ETag", not(equalTo(etag)));
    }

    // ---------------------------------------------------------------- invalid tokens

    @Test
    void invalidTokensAreRejected() {
        List<String> tokens = List.of(
                "abc",
                "!!!",
                b64("not json"),
                b64("[]"),
                b64("{}"),
                b64("{\"last_object\": 1, \"offset\": 0, \"nonce\": \"x\"}"),
                b64("{\"offset\": 0, \"nonce\": \"x\"}"));
        for (String token : tokens) {
            Response response = given().urlEncodingEnabled(false).get(records + "?_limit=1&_token=" + Fixtures.formEncode(token));
            response.then().statusCode(400);
            Fixtures.assertBody(response, "{\"code\":400,\"errno\":107,\"error\":\"Invalid parameters\","
                    + "\"message\":\"querystring: _token has invalid content\","
                    + "\"details\":[{\"location\":\"querystring\",\"name\":null,\"description\":\"_token has invalid content\"}]}");
        }
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
