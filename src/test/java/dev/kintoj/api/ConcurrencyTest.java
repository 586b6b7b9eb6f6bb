package dev.kintoj.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parallel writers: no lost update under If-Match, no timestamp used twice in a list (sync.md §8). */
@QuarkusTest
class ConcurrencyTest {

    private static final int WRITERS = 8;

    private static String collection() {
        String bucket = "/v1/buckets/cc" + UUID.randomUUID().toString().substring(0, 8);
        given().put(bucket).then().statusCode(201);
        given().put(bucket + "/collections/c").then().statusCode(201);
        return bucket + "/collections/c/records";
    }

    @Test
    void optimisticIncrementsNeverLoseAnUpdate() throws Exception {
        String record = collection() + "/counter";
        given().contentType("application/json").body("{\"data\": {\"n\": 0}}").put(record).then().statusCode(201);
        int incrementsEach = 5;
        List<Callable<Integer>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            writers.add(() -> {
                int conflicts = 0;
                for (int i = 0; i < incrementsEach; i++) {
                    while (true) {
                        Response current = given().get(record);
                        int n = current.path("data.n");
                        int status = given().contentType("application/json").header("If-Match", current.header("ETag"))
                                .body("{\"data\": {\"n\": " + (n + 1) + "}}").patch(record).statusCode();
                        if (status == 200) {
                            break;
                        }
                        assertEquals(412, status);
                        conflicts++;
                    }
                }
                return conflicts;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            for (Future<Integer> result : pool.invokeAll(writers, 120, TimeUnit.SECONDS)) {
                result.get();
            }
        } finally {
            pool.shutdownNow();
        }
        int n = given().get(record).then().statusCode(200).extract().path("data.n");
        assertEquals(WRITERS * incrementsEach, n);
    }

    @Test
    void parallelCreationsGetDistinctTimestamps() throws Exception {
        String records = collection();
        int perWriter = 25;
        List<Callable<List<Long>>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            writers.add(() -> {
                List<Long> stamps = new ArrayList<>();
                for (int i = 0; i < perWriter; i++) {
                    Response created = given().contentType("application/json").body("{\"data\": {}}").post(records);
                    assertEquals(201, created.statusCode());
                    stamps.add(((Number) created.path("data.last_modified")).longValue());
                }
                return stamps;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Long> all = new ArrayList<>();
        try {
            for (Future<List<Long>> result : pool.invokeAll(writers, 120, TimeUnit.SECONDS)) {
                List<Long> stamps = result.get();
                for (int i = 1; i < stamps.size(); i++) {
                    assertTrue(stamps.get(i) > stamps.get(i - 1), "one writer's timestamps increase");
                }
                all.addAll(stamps);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(WRITERS * perWriter, new HashSet<>(all).size(), "no timestamp is used twice");
        String etag = given().head(records).then().header("Total-Objects", String.valueOf(WRITERS * perWriter))
                .extract().header("ETag");
        assertEquals("\"" + all.stream().mapToLong(Long::longValue).max().orElseThrow() + "\"", etag);
    }
}
