package dev.kintoj.api;

import dev.kintoj.auth.Authenticator;
import dev.kintoj.config.KintoSettings;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The HTTP face of a resource kind: the plural endpoint at the class path and the object endpoint below it.
 * A kind's endpoints are a subclass with a {@code @Path}; everything else is the generic engine.
 */
@Consumes(MediaType.WILDCARD)
public abstract class ResourceEndpoints {

    @Inject
    ResourceHttp http;

    @Inject
    Authenticator authenticator;

    @Inject
    KintoSettings settings;

    @Context
    HttpServerRequest request;

    @GET
    public Uni<Response> list() {
        return handle(null);
    }

    @HEAD
    public Uni<Response> count() {
        return handle(null);
    }

    @POST
    public Uni<Response> create(byte[] body) {
        return handle(body);
    }

    @DELETE
    public Uni<Response> deleteAll() {
        return handle(null);
    }

    @GET
    @Path("{id}")
    public Uni<Response> get() {
        return handle(null);
    }

    @HEAD
    @Path("{id}")
    public Uni<Response> head() {
        return handle(null);
    }

    @PUT
    @Path("{id}")
    public Uni<Response> replace(byte[] body) {
        return handle(body);
    }

    @PATCH
    @Path("{id}")
    public Uni<Response> patch(byte[] body) {
        return handle(body);
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> delete() {
        return handle(null);
    }

    private Uni<Response> handle(byte[] body) {
        ApiRequest api = ApiRequest.of(request, body, settings);
        return http.handle(api, authenticator.authenticate(request.getHeader("Authorization"), http.readAhead(api)));
    }

    @Path("/v1/buckets")
    public static class Buckets extends ResourceEndpoints {
    }

    @Path("/v1/buckets/{bucket_id}/collections")
    public static class Collections extends ResourceEndpoints {
    }

    @Path("/v1/buckets/{bucket_id}/groups")
    public static class Groups extends ResourceEndpoints {
    }

    @Path("/v1/buckets/{bucket_id}/collections/{collection_id}/records")
    public static class Records extends ResourceEndpoints {
    }

    /** Served only when the history plugin registers its kind, and only as a list (the gate answers 404 otherwise). */
    @Path("/v1/buckets/{bucket_id}/history")
    public static class HistoryEntries extends ResourceEndpoints {
    }

    /** Served only when the accounts plugin registers its kind; otherwise the engine answers 404. */
    @Path("/v1/accounts")
    public static class Accounts extends ResourceEndpoints {
    }
}
