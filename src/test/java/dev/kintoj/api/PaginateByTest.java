package dev.kintoj.api;

import dev.kintoj.auth.BasicAuthHttpTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.kintoj.api.Fixtures.json;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code paginate_by} caps every page (api.md §8.5, settings.md), with seven records in a fresh collection; the profile
 * (page size 3) is shared with {@link BasicAuthHttpTest}.
 */
@QuarkusTest
@TestProfile(BasicAuthHttpTest.BasicAuth.class)
class PaginateByTest {

    private String records;

    @BeforeEach
    void sevenRecords() {
        records = Fixtures.collection() + "/records";
        for (int i = 1; i <= 7; i++) {
            json("{\"data\": {\"n\": " + i + "}}").put(records + "/r" + i).then().statusCode(201);
        }
    }

    private Response get(String query) {
        return given().urlEncodingEnabled(false).get(records + (query.isEmpty() ? "" : "?" + query));
    }

    @Test
    void withoutLimitPagesHavePaginateByObjectsAndNextPageAppendsTheLimit() {
        Response page = get("_sort=n");
        page.then().statusCode(200).body("data.id", contains("r1", "r2", "r3"));
        String next = page.header("Next-Page");
        assertNotNull(next);
        assertTrue(next.contains(records + "?_sort=n&_limit=3&_token="), next);
    }

    @Test
    void largerLimitsAreCappedAndTheNextPageCarriesTheEffectiveLimitInPlace() {
        Response page = get("_limit=10&_sort=n");
        page.then().statusCode(200).body("data.id", contains("r1", "r2", "r3"));
        String next = page.header("Next-Page");
        assertTrue(next.contains(records + "?_limit=3&_sort=n&_token="), next);
    }

    @Test
    void smallerLimitsAreHonoured() {
        Response page = get("_limit=2&_sort=n");
        page.then().statusCode(200).body("data.id", contains("r1", "r2"));
        assertTrue(page.header("Next-Page").contains("?_limit=2&_sort=n&_token="), page.header("Next-Page"));
    }

    @Test
    void limitZeroFallsBackToPaginateBy() {
        Response page = get("_limit=0&_sort=-n");
        page.then().statusCode(200).body("data.id", contains("r7", "r6", "r5"));
        assertTrue(page.header("Next-Page").contains("?_limit=3&_sort=-n&_token="), page.header("Next-Page"));
    }

    @Test
    void followingNextPageReturnsEveryObjectOnce() {
        List<String> seen = new ArrayList<>();
        String url = records + "?_sort=n";
        int pages = 0;
        while (url != null) {
            Response page = given().urlEncodingEnabled(false).get(url);
            page.then().statusCode(200);
            List<String> ids = page.path("data.id");
            assertTrue(ids.size() <= 3, "page size capped: " + ids);
            seen.addAll(ids);
            url = page.header("Next-Page");
            pages++;
        }
        assertEquals(List.of("r1", "r2", "r3", "r4", "r5", "r6", "r7"), seen);
        assertEquals(3, pages);
    }

    @Test
    void headCountsIgnoreThePageSize() {
        Response head = given().head(records);
        head.then().statusCode(200).header("Total-Objects", "7").header("Total-Records", "7");
        assertNull(head.header("Next-Page"));
    }

    @Test
    void deletingTheListDeletesOnePageAtATime() {
        Response first = given().urlEncodingEnabled(false).delete(records + "?_sort=n");
        first.then().statusCode(200).body("data.id", contains("r1", "r2", "r3"));
        String next = first.header("Next-Page");
        assertTrue(next.contains("?_sort=n&_limit=3&_token="), next);
        given().urlEncodingEnabled(false).delete(next).then().statusCode(200).body("data.id", contains("r4", "r5", "r6"));
        given().head(records).then().header("Total-Objects", "1");
    }
}
