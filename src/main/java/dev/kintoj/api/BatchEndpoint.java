package dev.kintoj.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.kintoj.auth.Authenticator;
import dev.kintoj.config.KintoSettings;
import dev.kintoj.core.Errno;
import dev.kintoj.core.Identity;
import dev.kintoj.core.Json;
import dev.kintoj.core.KintoError;
import dev.kintoj.core.RequestMemo;
import dev.kintoj.events.Events;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/batch} (batch.md): the subrequests run in order through {@link ApiRouter}, in one unit of work
 * that is also one request for the events (events.md §4).
 * A subrequest failing with a 4xx has its own changes undone (savepoint) and the batch goes on; a 409 rolls the
 * whole batch back and ends it (answered 200 with the responses so far); a 5xx fails the whole batch.
 */
@Path("/v1/batch")
public class BatchEndpoint {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String JSON_UTF8 = "application/json; charset=utf-8";

    private final ApiRouter router;
    private final HttpGate gate;
    private final ErrorResponses errors;
    private final Authenticator authenticator;
    private final Events events;
    private final RequestMemo memo;
    private final KintoSettings settings;

    public BatchEndpoint(ApiRouter router, HttpGate gate, ErrorResponses errors, Authenticator authenticator,
                         Events events, RequestMemo memo, KintoSettings settings) {
        this.memo = memo;
        this.router = router;
        this.gate = gate;
        this.errors = errors;
        this.authenticator = authenticator;
        this.events = events;
        this.settings = settings;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> batch(@Context HttpServerRequest http, byte[] body) {
        ResourceHttp.checkContentType("POST", ResourceHttp.mediaType(http.getHeader("Content-Type")), body != null && body.length > 0);
        List<BatchPayload.Subrequest> specs = BatchPayload.parse(ResourceHttp.parseBody(body), settings.batchMaxRequests());
        ApiRequest outer = ApiRequest.of(http, body, settings);
        List<ApiRequest> requests = specs.stream().map(spec -> subrequest(outer, spec)).toList();
        // Each subrequest is authenticated from its own headers, but each distinct user once for the batch.
        Map<String, Uni<Identity>> identities = new HashMap<>();
        for (ApiRequest request : requests) {
            String authorization = request.header("Authorization");
            identities.computeIfAbsent(authorization == null ? "" : authorization,
                    header -> authenticator.authenticate(authorization).memoize().indefinitely());
        }
        Uni<Void> authenticated = Uni.join().all(List.copyOf(identities.values())).andFailFast().replaceWithVoid();
        List<ObjectNode> responses = new ArrayList<>();
        return authenticated
                .chain(() -> events.request(() -> events.unit(() -> Multi.createFrom().iterable(requests)
                        .onItem().transformToUniAndConcatenate(request -> {
                            String authorization = request.header("Authorization");
                            return run(request, identities.get(authorization == null ? "" : authorization));
                        })
                        .onItem().invoke(entry -> {
                            responses.add(entry);
                            if (entry.get("status").intValue() == 409) {
                                throw new Aborted();
                            }
                        })
                        .collect().last())))
                .onFailure(Aborted.class).recoverWithNull()
                .map(ignored -> {
                    ObjectNode result = JSON.objectNode();
                    ArrayNode list = result.putArray("responses");
                    responses.forEach(list::add);
                    return Response.ok(Json.bytes(result), MediaType.APPLICATION_JSON).build();
                });
    }

    /** batch.md §2: the outer request's headers overridden by the subrequest's, a JSON body when one is given. */
    private static ApiRequest subrequest(ApiRequest outer, BatchPayload.Subrequest spec) {
        String path = spec.path().startsWith(Endpoints.PREFIX) ? spec.path() : Endpoints.PREFIX + spec.path();
        int question = path.indexOf('?');
        String query = question < 0 ? null : path.substring(question + 1);
        path = question < 0 ? path : path.substring(0, question);
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(outer.headers());
        spec.headers().forEach(headers::set);
        headers.remove("Content-Length");
        byte[] body = null;
        if (spec.body() != null && !spec.body().isEmpty()) {
            headers.set("Content-Type", JSON_UTF8);
            body = Json.bytes(spec.body());
        }
        return new ApiRequest(spec.method(), path, query, headers, body, outer.baseUrl());
    }

    /**
     * One subrequest under a savepoint. Its 4xx failures become its response; a 409 stops the batch (by the caller
     * once the response is recorded); any other failure, 5xx, fails the whole batch.
     */
    private Uni<ObjectNode> run(ApiRequest original, Uni<Identity> identity) {
        ApiRequest request;
        try {
            request = router.followRedirect(original);
        } catch (KintoError unroutable) {
            return Uni.createFrom().item(entry(original, errors.toResponse(unroutable)));
        }
        return events.savepoint(() -> router.serve(request, identity))
                .onFailure().invoke(memo::forget)
                .onFailure(failure -> !ErrorResponses.isServerError(failure)).recoverWithItem(errors::toResponse)
                .map(response -> entry(request, response));
    }

    /** batch.md §3: path (decoded, without query), status, headers and the parsed body. */
    private ObjectNode entry(ApiRequest request, Response response) {
        byte[] entity = entityBytes(response.getEntity());
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        response.getStringHeaders().forEach((name, values) -> headers.set(name, String.join(", ", values)));
        if (!headers.contains("Content-Length")) {
            headers.set("Content-Length", String.valueOf(entity == null ? 0 : entity.length));
        }
        String path = displayedPath(request);
        gate.decorate(request.method(), path, request.header("Origin"), response.getStatus(), headers);
        ObjectNode entry = JSON.objectNode();
        entry.put("path", path);
        entry.put("status", response.getStatus());
        ObjectNode headerObject = entry.putObject("headers");
        headers.forEach(header -> headerObject.put(header.getKey(), header.getValue()));
        entry.set("body", body(request, response, entity));
        return entry;
    }

    /** The served path, URL-decoded when it can be (an undecodable one was answered 404 as it is). */
    private static String displayedPath(ApiRequest request) {
        try {
            return request.decodedPath();
        } catch (KintoError undecodable) {
            return request.path();
        }
    }

    private static JsonNode body(ApiRequest request, Response response, byte[] entity) {
        if (request.method().equals("HEAD") || entity == null || entity.length == 0) {
            return JSON.textNode("");
        }
        if (MediaType.APPLICATION_JSON_TYPE.isCompatible(response.getMediaType())) {
            // Rendered by our own endpoints: embedded as it is rather than parsed and written again.
            return JSON.rawValueNode(new RawValue(new String(entity, StandardCharsets.UTF_8)));
        }
        try {
            return Json.MAPPER.readTree(entity);
        } catch (java.io.IOException notJson) {
            if (response.getStatus() < 400) {
                return JSON.textNode(new String(entity, StandardCharsets.UTF_8));
            }
            ObjectNode error = JSON.objectNode();
            error.put("code", response.getStatus());
            error.put("errno", Errno.UNDEFINED.code);
            error.put("error", response.getStatusInfo().getReasonPhrase());
            return error;
        }
    }

    private static byte[] entityBytes(Object entity) {
        if (entity == null) {
            return null;
        }
        if (entity instanceof byte[] bytes) {
            return bytes;
        }
        if (entity instanceof JsonNode node) {
            return Json.bytes(node);
        }
        return entity.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A subrequest answered 409: everything the batch did is rolled back (batch.md §4). */
    private static final class Aborted extends RuntimeException {
        Aborted() {
            super(null, null, false, false);
        }
    }
}
