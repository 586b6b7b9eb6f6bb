package dev.kintoj.openapi;

import dev.kintoj.client.ApiClient;
import dev.kintoj.client.ApiException;
import dev.kintoj.client.ApiResponse;
import dev.kintoj.client.api.BatchApi;
import dev.kintoj.client.api.BucketsApi;
import dev.kintoj.client.api.CollectionsApi;
import dev.kintoj.client.api.RecordsApi;
import dev.kintoj.client.model.BatchRequest;
import dev.kintoj.client.model.BatchResponse;
import dev.kintoj.client.model.BatchSubrequest;
import dev.kintoj.client.model.BatchSubresponse;
import dev.kintoj.client.model.Bucket;
import dev.kintoj.client.model.BucketEnvelope;
import dev.kintoj.client.model.Collection;
import dev.kintoj.client.model.CollectionEnvelope;
import dev.kintoj.client.model.ErrorEnvelope;
import dev.kintoj.client.model.Record;
import dev.kintoj.client.model.RecordEnvelope;
import dev.kintoj.client.model.RecordList;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java client that the build generates from the OpenAPI document (openapi-generator, library "native") works
 * against the real server: every call below goes through it alone, with basicauth credentials.
 */
@QuarkusTest
class GeneratedClientTest {

    @TestHTTPResource("/v1")
    URI base;

    private ApiClient client() {
        ApiClient client = new ApiClient();
        client.updateBaseUri(base.toString());
        String credentials = Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));
        client.setRequestInterceptor(request -> request.header("Authorization", "Basic " + credentials));
        return client;
    }

    @Test
    void createsPagesUpdatesBatchesAndDeletes() throws Exception {
        ApiClient client = client();
        BucketsApi buckets = new BucketsApi(client);
        CollectionsApi collections = new CollectionsApi(client);
        RecordsApi records = new RecordsApi(client);
        String bid = "gen" + UUID.randomUUID().toString().substring(0, 8);

        BucketEnvelope bucket = buckets.createBucket(null, null, new BucketEnvelope().data(new Bucket().id(bid)));
        assertEquals(bid, bucket.getData().getId());
        assertTrue(bucket.getPermissions().getWrite().get(0).startsWith("basicauth:"), bucket.toString());
        CollectionEnvelope collection = collections.replaceCollection(bid, "tasks", null, null,
                new CollectionEnvelope().data(new Collection()));
        assertEquals("tasks", collection.getData().getId());
        for (int n = 0; n < 5; n++) {
            RecordEnvelope created = records.createRecord(bid, "tasks", null, null,
                    new RecordEnvelope().data(new Record().putAdditionalProperty("n", n)));
            assertEquals(n, created.getData().getAdditionalProperty("n"));
        }

        // Pages of two, following Next-Page through its _token.
        List<Object> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            ApiResponse<RecordList> page = records.listRecordsWithHttpInfo(bid, "tasks", null, null, 2, token, "n",
                    null, null, null, null, null);
            page.getData().getData().forEach(record -> seen.add(record.getAdditionalProperty("n")));
            List<String> next = page.getHeaders().get("next-page");
            token = next == null ? null : tokenOf(next.get(0));
            pages++;
        } while (token != null && pages < 10);
        assertEquals(List.of(0, 1, 2, 3, 4), seen);
        assertEquals(3, pages);

        // If-Match: the current ETag succeeds, the old one is refused with 412 and errno 114.
        Record first = records.listRecords(bid, "tasks", null, null, 1, null, "n", null, null, null, null, null)
                .getData().get(0);
        String etag = "\"" + first.getLastModified() + "\"";
        RecordEnvelope patched = records.patchRecord(bid, "tasks", first.getId(),
                new RecordEnvelope().data(new Record().putAdditionalProperty("done", true)), etag, null, null);
        assertEquals(true, patched.getData().getAdditionalProperty("done"));
        assertTrue(patched.getData().getLastModified() > first.getLastModified());
        ApiException stale = assertThrows(ApiException.class, () -> records.replaceRecord(bid, "tasks", first.getId(),
                etag, null, new RecordEnvelope().data(new Record().putAdditionalProperty("n", 100))));
        assertEquals(412, stale.getCode());
        ErrorEnvelope error = client.getObjectMapper().readValue(stale.getResponseBody(), ErrorEnvelope.class);
        assertEquals(114, error.getErrno());
        assertEquals(412, error.getCode());

        // A batch: a creation and a read in one request.
        String path = "/buckets/" + bid + "/collections/tasks/records";
        BatchResponse batch = new BatchApi(client).batch(new BatchRequest().requests(List.of(
                new BatchSubrequest().method("PUT").path(path + "/from-batch").body(Map.of("data", Map.of("n", 5))),
                new BatchSubrequest().method("GET").path(path + "/from-batch"))));
        List<Integer> statuses = batch.getResponses().stream().map(BatchSubresponse::getStatus).toList();
        assertEquals(List.of(201, 200), statuses);

        // Deletions: one record (its tombstone), then the bucket and everything in it.
        RecordEnvelope tombstone = records.deleteRecord(bid, "tasks", "from-batch", null);
        assertEquals(Boolean.TRUE, tombstone.getData().getDeleted());
        BucketEnvelope deleted = buckets.deleteBucket(bid, null);
        assertEquals(Boolean.TRUE, deleted.getData().getDeleted());
        ApiException gone = assertThrows(ApiException.class, () -> records.getRecord(bid, "tasks", first.getId(),
                null, null, null));
        ErrorEnvelope goneError = client.getObjectMapper().readValue(gone.getResponseBody(), ErrorEnvelope.class);
        assertEquals(gone.getCode(), goneError.getCode());
        assertTrue(goneError.getErrno() == 111 || goneError.getErrno() == 121, goneError.toString());
    }

    @Test
    void anonymousReadOfAPrivateBucketIsA401Envelope() throws Exception {
        ApiClient anonymous = new ApiClient();
        anonymous.updateBaseUri(base.toString());
        ApiException refused = assertThrows(ApiException.class,
                () -> new BucketsApi(anonymous).getBucket("unknown" + UUID.randomUUID().toString().substring(0, 6), null, null, null));
        ErrorEnvelope error = anonymous.getObjectMapper().readValue(refused.getResponseBody(), ErrorEnvelope.class);
        assertEquals(401, refused.getCode());
        assertEquals(401, error.getCode());
        assertEquals(104, error.getErrno());
        assertNotNull(error.getMessage());
    }

    /** The {@code _token} of a Next-Page URL. */
    private static String tokenOf(String nextPage) {
        for (String pair : URI.create(nextPage).getRawQuery().split("&")) {
            if (pair.startsWith("_token=")) {
                return URLDecoder.decode(pair.substring("_token=".length()), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
