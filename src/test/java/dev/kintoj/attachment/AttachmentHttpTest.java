package dev.kintoj.attachment;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kinto-attachment API on a local folder, through the real server: uploads create or update records with the
 * plugin's metadata, files follow their records, invalid uploads change nothing, and the service serves the files.
 */
@QuarkusTest
@TestProfile(AttachmentProfiles.Local.class)
class AttachmentHttpTest {

    private static final byte[] CONTENT = "--fake--".getBytes(StandardCharsets.UTF_8);

    @Inject
    AttachmentUploads uploads;

    private final String alice = basic("alice" + UUID.randomUUID());

    static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":pw").getBytes(StandardCharsets.UTF_8));
    }

    private RequestSpecification as(String authorization) {
        return given().header("Authorization", authorization);
    }

    /** A fresh collection of alice's; the bucket is created if needed. */
    private String collection(String bucket, String collection) {
        as(alice).contentType("application/json").body("{}").put("/v1/buckets/" + bucket).then().statusCode(org.hamcrest.Matchers.oneOf(200, 201, 403));
        as(alice).contentType("application/json").body("{}").put("/v1/buckets/" + bucket + "/collections/" + collection)
                .then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        return "/v1/buckets/" + bucket + "/collections/" + collection;
    }

    private String fresh() {
        return collection("b" + UUID.randomUUID().toString().substring(0, 8), "fonts");
    }

    private Response upload(String authorization, String record, String filename, byte[] content, String... fields) {
        RequestSpecification request = as(authorization).multiPart("attachment", filename, content, "image/jpeg");
        for (int i = 0; i < fields.length; i += 2) {
            request = request.multiPart(fields[i], fields[i + 1]);
        }
        return request.post(record + "/attachment");
    }

    private static Path stored(String location) {
        return AttachmentProfiles.FOLDER.resolve(location.substring("/attachments/".length()));
    }

    private static List<Path> filesUnder(String relative) throws IOException {
        Path folder = AttachmentProfiles.FOLDER.resolve(relative);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    @Test
    void capabilityAndHeartbeat() {
        given().get("/v1/").then().statusCode(200)
                .body("capabilities.attachments.description", equalTo("Add file attachments to records"))
                .body("capabilities.attachments.url", equalTo("https://github.com/Kinto/kinto-attachment/"))
                .body("capabilities.attachments.base_url", equalTo("/attachments/"))
                .body("capabilities.attachments.gzipped", equalTo(false));
        given().get("/v1/__heartbeat__").then().statusCode(200).body("attachments", equalTo(true));
    }

    @Test
    void uploadCreatesTheRecordThenUpdatesIt() throws Exception {
        String collection = fresh();
        String record = collection + "/records/logo";
        Response created = upload(alice, record, "image.jpg", CONTENT, "data", "{\"family\": \"sans\"}");
        created.then().statusCode(201)
                .header("Location", equalTo("http://localhost:" + port() + record))
                .body("filename", equalTo("image.jpg"))
                .body("mimetype", equalTo("image/jpeg"))
                .body("size", equalTo(CONTENT.length))
                .body("hash", equalTo(sha256(CONTENT)))
                .body("location", containsString("/attachments/" + collection.substring(12).replace("/collections", "") + "/"));
        String location = created.jsonPath().getString("location");
        assertFalse(location.contains("image"), "randomized name: " + location);
        assertArrayEquals(CONTENT, Files.readAllBytes(stored(location)));

        as(alice).get(record).then().statusCode(200)
                .body("data.family", equalTo("sans"))
                .body("data.attachment.location", equalTo(location))
                .body("permissions.write", hasItem(containsString("basicauth:")));

        // Served by the service itself.
        byte[] served = given().get(location).then().statusCode(200).extract().asByteArray();
        assertArrayEquals(CONTENT, served);

        // Replacing: 200, the record keeps its other fields, the old file is removed (after the commit).
        Response replaced = upload(alice, record, "other.png", "second".getBytes(), "data", "{\"author\": \"frutiger\"}");
        replaced.then().statusCode(200).body("filename", equalTo("other.png"));
        as(alice).get(record).then().body("data.family", equalTo("sans")).body("data.author", equalTo("frutiger"));
        awaitGone(stored(location));
        assertTrue(Files.exists(stored(replaced.jsonPath().getString("location"))));
    }

    private static int port() {
        return io.restassured.RestAssured.port;
    }

    private static void awaitGone(Path file) throws InterruptedException {
        for (int i = 0; i < 100 && Files.exists(file); i++) {
            Thread.sleep(20);
        }
        assertFalse(Files.exists(file), file + " should have been deleted");
    }

    @Test
    void deletingTheAttachmentTheRecordOrItsContainersRemovesTheFiles() throws Exception {
        String collection = fresh();
        String first = upload(alice, collection + "/records/r1", "a.jpg", CONTENT).then().statusCode(201)
                .extract().jsonPath().getString("location");
        as(alice).delete(collection + "/records/r1/attachment").then().statusCode(204);
        as(alice).get(collection + "/records/r1").then().statusCode(200).body("data.attachment", nullValue());
        awaitGone(stored(first));

        String second = upload(alice, collection + "/records/r2", "b.jpg", CONTENT).then().statusCode(201)
                .extract().jsonPath().getString("location");
        as(alice).delete(collection + "/records/r2").then().statusCode(200);
        awaitGone(stored(second));

        String third = upload(alice, collection + "/records/r3", "c.jpg", CONTENT).then().statusCode(201)
                .extract().jsonPath().getString("location");
        as(alice).delete(collection).then().statusCode(200);
        awaitGone(stored(third));

        String bucketCollection = fresh();
        String fourth = upload(alice, bucketCollection + "/records/r4", "d.jpg", CONTENT).then().statusCode(201)
                .extract().jsonPath().getString("location");
        String bucket = bucketCollection.substring(0, bucketCollection.indexOf("/collections"));
        as(alice).delete(bucket).then().statusCode(200);
        awaitGone(stored(fourth));

        String fifth = collection("b" + UUID.randomUUID().toString().substring(0, 8), "many");
        String fifthLocation = upload(alice, fifth + "/records/r5", "e.jpg", CONTENT).then().statusCode(201)
                .extract().jsonPath().getString("location");
        as(alice).delete(fifth + "/records").then().statusCode(200);
        awaitGone(stored(fifthLocation));
    }

    @Test
    void attachmentMetadataCannotBeChangedByHand() {
        String record = fresh() + "/records/r";
        upload(alice, record, "a.jpg", CONTENT).then().statusCode(201);
        as(alice).contentType("application/json").body("{\"data\": {\"attachment\": {\"manual\": \"true\"}}}")
                .patch(record).then().statusCode(400)
                .body("message", equalTo("Attachment metadata cannot be modified."));
        as(alice).contentType("application/json").body("{\"data\": {\"other\": 1}}").patch(record).then().statusCode(200);
    }

    @Test
    void invalidUploadsAreRefusedAndLeaveNothing() throws Exception {
        String collection = fresh();
        String record = collection + "/records/r";
        String folder = collection.substring(12).replace("/collections", "");
        upload(alice, record, "virus.exe", CONTENT).then().statusCode(400).body("errno", equalTo(107))
                .body("message", equalTo("body: File extension is not allowed."));
        upload(alice, record, "", CONTENT).then().statusCode(400)
                .body("message", equalTo("body: Filename is required."));
        as(alice).multiPart("fichierjoint", "image.jpg", CONTENT).post(record + "/attachment").then().statusCode(400)
                .body("errno", equalTo(109)).body("message", equalTo("Attachment missing."));
        as(alice).contentType("application/json").body("{}").post(record + "/attachment").then().statusCode(400)
                .body("errno", equalTo(107)).body("message", equalTo("Content-Type should be multipart/form-data"));
        as(alice).header("Content-Type", "multipart/form-data").body("x".getBytes(StandardCharsets.UTF_8)).post(record + "/attachment").then().statusCode(400)
                .body("message", equalTo("Invalid boundary in multipart form: ''"));
        upload(alice, record, "a.jpg", CONTENT, "data", "{>author: 12}").then().statusCode(400)
                .body("errno", equalTo(109)).body("message", containsString("body: data is not valid JSON"));
        upload(alice, record, "a.jpg", CONTENT, "permissions", "{\"read\": >}").then().statusCode(400)
                .body("message", containsString("body: permissions is not valid JSON"));
        upload(alice, record, "a.jpg", CONTENT, "my_field", "a_value").then().statusCode(400)
                .body("message", equalTo("body: 'my_field' not in ('data', 'permissions')"));
        as(alice).multiPart("attachment", "a.jpg", CONTENT).multiPart("data", "data.json", "{}".getBytes())
                .post(record + "/attachment").then().statusCode(400)
                .body("message", equalTo("body: 'data' field should be passed as form data, not files"));
        upload(alice, collection + "/records/" + "a%20b", "a.jpg", CONTENT).then().statusCode(400)
                .body("message", equalTo("path: Invalid object id"));
        upload(alice, "/v1/buckets/nope" + UUID.randomUUID().toString().substring(0, 4) + "/collections/c/records/r",
                "a.jpg", CONTENT).then().statusCode(403);
        as(alice).get(record).then().statusCode(404);
        assertEquals(List.of(), filesUnder(folder));

        String limited = collection("limits", "small");
        upload(alice, limited + "/records/big", "a.jpg", "0123456789A".getBytes()).then().statusCode(413)
                .body("errno", equalTo(113));
        as(alice).get(limited + "/records/big").then().statusCode(404);
        assertEquals(List.of(), filesUnder("limits/small"));
        upload(alice, limited + "/records/fits", "a.jpg", "0123456789".getBytes()).then().statusCode(201);
    }

    /**
     * A failure injected after the record write, as the last step of the unit of work: the unit is rolled back on
     * every backend (the engine's units join it on memory too), so neither the record nor the new file remains.
     */
    @Test
    void aFailureAfterTheRecordWriteLeavesNeitherRecordNorFile() throws Exception {
        String collection = fresh();
        String folder = collection.substring(12).replace("/collections", "");
        failingUpload(collection + "/records/r", "a.jpg", "{\"v\": 1}");
        as(alice).get(collection + "/records/r").then().statusCode(404);
        as(alice).get(collection + "/records").then().statusCode(200).body("data.size()", equalTo(0));
        assertEquals(List.of(), filesUnder(folder));
    }

    /** A failed replacement keeps the record, its attachment and the old file as they were. */
    @Test
    void aFailedReplacementKeepsTheOldAttachment() throws Exception {
        String collection = fresh();
        String folder = collection.substring(12).replace("/collections", "");
        String record = collection + "/records/r";
        upload(alice, record, "a.jpg", CONTENT, "data", "{\"v\": 1}").then().statusCode(201);
        String before = as(alice).get(record).then().statusCode(200).extract().asString();
        String location = io.restassured.path.json.JsonPath.from(before).getString("data.attachment.location");

        failingUpload(record, "b.jpg", "{\"v\": 2}");
        Thread.sleep(200); // the deletions of replaced files run after a commit: give a wrong one time to happen
        assertEquals(before, as(alice).get(record).then().statusCode(200).extract().asString());
        assertEquals(List.of(stored(location)), filesUnder(folder));
        assertArrayEquals(CONTENT, Files.readAllBytes(stored(location)));
    }

    private void failingUpload(String record, String filename, String data) {
        uploads.beforeCommit(() -> Uni.createFrom().failure(new IllegalStateException("injected")));
        try {
            upload(alice, record, filename, "--other--".getBytes(StandardCharsets.UTF_8), "data", data).then()
                    .statusCode(500).body("errno", equalTo(999));
        } finally {
            uploads.beforeCommit(null);
        }
    }

    /**
     * Every refusal of the endpoint is a Kinto error envelope, its status in {@code code}; the permission comes
     * before the content (kinto-attachment's view is guarded by the record's permission).
     */
    @Test
    void refusalsAreKintoEnvelopes() {
        String collection = fresh();
        String record = collection + "/records/r";
        String bob = basic("bob" + UUID.randomUUID());
        String missing = collection.replace("/fonts", "/nothing") + "/records/r/attachment";
        assertEnvelope(given().contentType("application/json").body("{}").post(record + "/attachment"), 401, 104);
        assertEnvelope(given().multiPart("attachment", "a.jpg", CONTENT).post(record + "/attachment"), 401, 104);
        assertEnvelope(given().delete(record + "/attachment"), 401, 104);
        assertEnvelope(as(bob).contentType("application/json").body("{}").post(record + "/attachment"), 403, 121);
        assertEnvelope(as(bob).header("Content-Type", "multipart/form-data").body(new byte[0]).post(missing), 403, 121);
        assertEnvelope(as(alice).contentType("application/json").body("{}").post(missing), 404, 111);
        assertEnvelope(as(alice).contentType("application/json").body("{}").post(record + "/attachment"), 400, 107);
        assertEnvelope(as(alice).header("Content-Type", "multipart/form-data").body(new byte[0]).post(record + "/attachment"),
                400, 107);
        assertEnvelope(as(alice).multiPart("data", "{}").post(record + "/attachment"), 400, 109);
        assertEnvelope(upload(alice, record, "virus.exe", CONTENT), 400, 107);
        assertEnvelope(upload(alice, collection + "/records/a%20b", "a.jpg", CONTENT), 400, 107);
        assertEnvelope(as(alice).get(record + "/attachment"), 405, 115);
        assertEnvelope(upload(alice, record + "/more", "a.jpg", CONTENT), 404, 111);
        as(alice).get(record).then().statusCode(404);
    }

    private static void assertEnvelope(Response response, int status, int errno) {
        String seen = response.statusCode() + " " + response.asString();
        assertEquals(status, response.statusCode(), seen);
        assertTrue(response.contentType().startsWith("application/json"), seen);
        assertEquals(status, response.jsonPath().getInt("code"), seen);
        assertEquals(errno, response.jsonPath().getInt("errno"), seen);
        assertTrue(response.jsonPath().getString("error") != null, seen);
        // Kinto drops the message of a 404 that names the missing object in its details.
        assertTrue(response.jsonPath().getString("message") != null || response.jsonPath().get("details.id") != null, seen);
    }

    @Test
    void permissionsAreThoseOfARecordWrite() {
        String collection = fresh();
        String record = collection + "/records/r";
        String bob = basic("bob" + UUID.randomUUID());
        given().multiPart("attachment", "a.jpg", CONTENT).post(record + "/attachment").then().statusCode(401);
        upload(bob, record, "a.jpg", CONTENT).then().statusCode(403);
        // The permission comes before the content: not even multipart, still 401 (kinto-attachment).
        given().contentType("application/json").body("{}").post(record + "/attachment").then().statusCode(401);
        as(alice).contentType("application/json")
                .body("{\"permissions\": {\"record:create\": [\"system.Authenticated\"]}}").patch(collection)
                .then().statusCode(200);
        upload(bob, record, "a.jpg", CONTENT).then().statusCode(201);
        String carol = basic("carol" + UUID.randomUUID());
        upload(carol, record, "b.jpg", CONTENT).then().statusCode(403);
        upload(bob, collection + "/records/r2", "b.jpg", CONTENT, "permissions", "{\"read\": [\"system.Everyone\"]}")
                .then().statusCode(201);
        given().get(collection + "/records/r2").then().statusCode(200).body("data.attachment.filename", equalTo("b.jpg"));
    }

    @Test
    void perResourceSettings() throws Exception {
        String plain = collection("plain", "c" + UUID.randomUUID().toString().substring(0, 6));
        upload(alice, plain + "/records/r", "image.jpg", CONTENT).then().statusCode(201)
                .body("location", equalTo("/attachments/plain/" + plain.substring(plain.lastIndexOf('/') + 1) + "/image.jpg"));

        String zipped = collection("zipped", "c");
        Response gz = upload(alice, zipped + "/records/" + UUID.randomUUID(), "kinto.txt", "--binary--".getBytes());
        gz.then().statusCode(201)
                .body("filename", equalTo("kinto.txt.gz"))
                .body("mimetype", equalTo("application/x-gzip"))
                .body("original.filename", equalTo("kinto.txt"))
                .body("original.mimetype", equalTo("text/vnd.graphviz"))
                .body("original.size", equalTo(10))
                .body("original.hash", equalTo(sha256("--binary--".getBytes())));
        byte[] stored = Files.readAllBytes(stored(gz.jsonPath().getString("location")));
        assertEquals(sha256(stored), gz.jsonPath().getString("hash"));
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(stored))) {
            assertArrayEquals("--binary--".getBytes(), in.readAllBytes());
        }

        String keep = collection("keep", "c");
        String old = upload(alice, keep + "/records/r", "a.jpg", CONTENT).then().statusCode(201)
                .extract().jsonPath().getString("location");
        upload(alice, keep + "/records/r", "b.jpg", CONTENT).then().statusCode(200);
        as(alice).delete(keep + "/records/r").then().statusCode(200);
        Thread.sleep(200);
        assertTrue(Files.exists(stored(old)), "keep_old_files keeps " + old);

        String any = collection("any", "c");
        upload(alice, any + "/records/r", "tool.exe", CONTENT).then().statusCode(201);
    }

    @Test
    void defaultBucketAndMethods() {
        String record = "/v1/buckets/default/collections/pix/records/" + UUID.randomUUID();
        Response response = upload(alice, record, "a.jpg", CONTENT);
        response.then().statusCode(201);
        String bucketId = as(alice).get("/v1/").jsonPath().getString("user.bucket");
        assertTrue(response.getHeader("Location").contains("/buckets/" + bucketId + "/collections/pix/records/"));
        as(alice).get(record + "/attachment").then().statusCode(405);
        as(alice).header("Origin", "http://example.com").header("Access-Control-Request-Method", "POST")
                .options(record + "/attachment").then().statusCode(200);
    }
}
