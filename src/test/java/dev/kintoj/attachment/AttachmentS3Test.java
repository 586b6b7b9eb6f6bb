package dev.kintoj.attachment;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The same API with the files in an S3 bucket (a real S3 API: s3proxy on localhost, SigV4 requests). */
@QuarkusTest
@TestProfile(AttachmentProfiles.S3.class)
class AttachmentS3Test {

    private static final byte[] CONTENT = "--s3 content--".getBytes(StandardCharsets.UTF_8);

    @Inject
    Attachments attachments;

    @Inject
    AttachmentUploads uploads;

    private final String alice = AttachmentHttpTest.basic("alice" + UUID.randomUUID());

    private RequestSpecification as(String authorization) {
        return given().header("Authorization", authorization);
    }

    private String fresh() {
        String bucket = "/v1/buckets/s" + UUID.randomUUID().toString().substring(0, 8);
        as(alice).contentType("application/json").body("{}").put(bucket).then().statusCode(201);
        as(alice).contentType("application/json").body("{}").put(bucket + "/collections/c").then().statusCode(201);
        return bucket + "/collections/c";
    }

    private Response upload(String record, String filename) {
        return as(alice).multiPart("attachment", filename, CONTENT, "image/png").post(record + "/attachment");
    }

    private boolean exists(String url) throws Exception {
        return attachments.store().exists(url.substring(AttachmentProfiles.S3.BASE_URL.length()));
    }

    private void awaitGone(String url) throws Exception {
        for (int i = 0; i < 100 && exists(url); i++) {
            Thread.sleep(20);
        }
        assertFalse(exists(url), url + " should have been deleted");
    }

    @Test
    void filesGoToTheBucketAndFollowTheirRecords() throws Exception {
        given().get("/v1/__heartbeat__").then().statusCode(200).body("attachments", equalTo(true));
        String collection = fresh();
        String first = upload(collection + "/records/r", "a.png").then().statusCode(201)
                .body("location", startsWith(AttachmentProfiles.S3.BASE_URL))
                .extract().jsonPath().getString("location");
        assertTrue(exists(first));
        String second = upload(collection + "/records/r", "b.png").then().statusCode(200)
                .extract().jsonPath().getString("location");
        assertTrue(exists(second));
        awaitGone(first);
        as(alice).delete(collection + "/records/r/attachment").then().statusCode(204);
        awaitGone(second);

        String third = upload(collection + "/records/r2", "c.png").then().statusCode(201)
                .extract().jsonPath().getString("location");
        as(alice).delete(collection.substring(0, collection.indexOf("/collections"))).then().statusCode(200);
        awaitGone(third);
    }

    @Test
    void aFailureBeforeTheCommitRemovesTheObject() throws Exception {
        String collection = fresh();
        String[] written = new String[1];
        uploads.beforeCommit(() -> Uni.createFrom().failure(new IllegalStateException("injected")));
        try {
            upload(collection + "/records/r", "a.png").then().statusCode(500);
        } finally {
            uploads.beforeCommit(null);
        }
        as(alice).get(collection + "/records/r").then().statusCode(404);
        java.nio.file.Path folder = S3Proxy.DATA.resolve(S3Proxy.BUCKET).resolve(collection.substring(12).replace("/collections", ""));
        if (java.nio.file.Files.isDirectory(folder)) {
            try (var files = java.nio.file.Files.walk(folder)) {
                assertEquals(java.util.List.of(), files.filter(java.nio.file.Files::isRegularFile).toList());
            }
        }
        // The next upload of the same record proves the store works and that nothing was linked before.
        written[0] = upload(collection + "/records/r", "a.png").then().statusCode(201).extract().jsonPath().getString("location");
        assertTrue(exists(written[0]));
    }
}
