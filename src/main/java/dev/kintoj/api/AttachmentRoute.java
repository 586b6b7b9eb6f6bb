package dev.kintoj.api;

import dev.kintoj.attachment.AttachmentUploads;
import dev.kintoj.attachment.Attachments;
import dev.kintoj.attachment.ReceivedForm;
import dev.kintoj.auth.Authenticator;
import dev.kintoj.config.KintoSettings;
import dev.kintoj.core.DefaultBucket;
import dev.kintoj.core.Identity;
import dev.kintoj.core.Json;
import dev.kintoj.core.KintoError;
import dev.kintoj.core.ResourcePath;
import dev.kintoj.core.ResourceResponse;
import dev.kintoj.events.Events;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.impl.MimeMapping;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The kinto-attachment endpoint ({@code POST}/{@code DELETE .../records/{rid}/attachment}) and, with a local
 * folder, the files under {@code attachment.base_url}. Served on Vert.x routes placed after {@link HttpGate} and
 * before the HTTP layer's body limit and JAX-RS: an upload is streamed to disk as it arrives (never buffered
 * whole), and its size limit is the plugin's own ({@code attachment.max_size_bytes}), not the API's body limit.
 */
@ApplicationScoped
public class AttachmentRoute {

    /** After the gate's filter (order -1000), before the body limit (-2) and the JAX-RS routes. */
    private static final int ORDER = -100;
    /** Room for the multipart envelope around the file when a declared length is compared with the file limit. */
    private static final long MULTIPART_SLACK = 64 * 1024;
    static final String PATH_REGEX = "/v1/buckets/[^/]+/collections/[^/]+/records/[^/]+/attachment";

    private final Attachments attachments;
    private final AttachmentUploads uploads;
    private final Authenticator authenticator;
    private final DefaultBucket defaultBucket;
    private final KintoSettings settings;
    private final ErrorResponses errors;
    private final Events events;

    public AttachmentRoute(Attachments attachments, AttachmentUploads uploads, Authenticator authenticator,
                           DefaultBucket defaultBucket, KintoSettings settings, ErrorResponses errors, Events events) {
        this.attachments = attachments;
        this.uploads = uploads;
        this.authenticator = authenticator;
        this.defaultBucket = defaultBucket;
        this.settings = settings;
        this.errors = errors;
        this.events = events;
    }

    void register(@Observes Router router) {
        if (!attachments.enabled()) {
            return;
        }
        router.routeWithRegex(HttpMethod.POST, PATH_REGEX).order(ORDER).handler(this::serve);
        router.routeWithRegex(HttpMethod.DELETE, PATH_REGEX).order(ORDER).handler(this::serve);
        attachments.servedPrefix().ifPresent(prefix -> {
            router.route(HttpMethod.GET, prefix + "*").order(ORDER).handler(this::file);
            router.route(HttpMethod.HEAD, prefix + "*").order(ORDER).handler(this::file);
        });
    }

    private void serve(RoutingContext context) {
        HttpServerRequest http = context.request();
        http.pause();
        AtomicReference<ReceivedForm> received = new AtomicReference<>();
        Uni<ResourceResponse> answer;
        try {
            ApiRequest request = ApiRequest.of(http, null, settings);
            String apiPath = request.apiPath();
            Uni<Identity> identity = authenticator.authenticate(http.getHeader("Authorization")).memoize().indefinitely();
            answer = events.request(() -> identity.chain(user -> {
                if (!defaultBucket.targets(apiPath)) {
                    return handle(http, request, apiPath, user, received);
                }
                String recordPath = apiPath.substring(0, apiPath.length() - "/attachment".length());
                return defaultBucket.prepare("POST", recordPath, user)
                        .chain(() -> handle(http, request, defaultBucket.realPath(apiPath, user.userId()), user, received));
            }));
        } catch (RuntimeException e) {
            answer = Uni.createFrom().failure(e);
        }
        answer.onTermination().call(() -> received.get() == null ? Uni.createFrom().voidItem() : uploads.discard(received.get()))
                .subscribe().with(response -> write(context, render(response), received.get() == null),
                        failure -> write(context, errors.toResponse(failure), received.get() == null));
    }

    private Uni<ResourceResponse> handle(HttpServerRequest http, ApiRequest request, String apiPath, Identity user,
                                         AtomicReference<ReceivedForm> received) {
        ResourcePath path = uploads.recordPath(apiPath);
        String recordUrl = request.baseUrl() + Endpoints.PREFIX + path.objectUri();
        if (http.method() == HttpMethod.DELETE) {
            return uploads.checkParent(path, Uni.createFrom().item(user)).chain(() -> uploads.remove(path, user));
        }
        long maxSize = uploads.maxSize(path);
        // As kinto-attachment, whose view is guarded by the record's permission: who may not write gets 401/403
        // (and the collection's 404) whatever the body; only then is the upload itself looked at.
        return uploads.checkWritable(path, user)
                .chain(() -> {
                    checkUpload(http, maxSize);
                    Uni<ReceivedForm> form = uploads.receive(http, maxSize);
                    http.resume();
                    return form;
                })
                .invoke(received::set)
                .chain(form -> uploads.upload(path, form, user, recordUrl));
    }

    /** What can be refused from the headers, before the body is read. */
    private static void checkUpload(HttpServerRequest http, long maxSize) {
        String contentType = http.getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).contains("multipart/form-data")) {
            throw new KintoError(400, dev.kintoj.core.Errno.INVALID_PARAMETERS, "Invalid parameters",
                    "Content-Type should be multipart/form-data", null);
        }
        if (!contentType.toLowerCase(Locale.ROOT).contains("boundary=")) {
            throw new KintoError(400, dev.kintoj.core.Errno.INVALID_PARAMETERS, "Invalid parameters",
                    "Invalid boundary in multipart form: ''", null);
        }
        if (maxSize >= 0 && declaredLength(http) > maxSize + MULTIPART_SLACK) {
            throw tooLarge(maxSize);
        }
    }

    static KintoError tooLarge(long maxSize) {
        return new KintoError(413, dev.kintoj.core.Errno.REQUEST_TOO_LARGE, "Request Entity Too Large",
                "File size exceeds the maximum of " + maxSize + " bytes.", null);
    }

    private static long declaredLength(HttpServerRequest request) {
        try {
            String length = request.getHeader("Content-Length");
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Response render(ResourceResponse response) {
        Response.ResponseBuilder builder = Response.status(response.status());
        response.headers().forEach(builder::header);
        if (response.body() != null) {
            builder.entity(Json.bytes(response.body())).type("application/json");
        }
        return builder.build();
    }

    /**
     * Writes a JAX-RS response on the exchange. When the body was not read (the request was refused first), the
     * connection is closed after the answer rather than reading a possibly large upload for nothing.
     */
    private static void write(RoutingContext context, Response response, boolean bodyUnread) {
        HttpServerResponse out = context.response();
        if (out.ended()) {
            return;
        }
        out.setStatusCode(response.getStatus());
        response.getStringHeaders().forEach((name, values) -> values.forEach(value -> out.headers().add(name, value)));
        if (bodyUnread && !context.request().isEnded()) {
            out.putHeader("Connection", "close");
        }
        Object entity = response.getEntity();
        if (entity instanceof byte[] bytes) {
            if (!out.headers().contains("Content-Type")) {
                out.putHeader("Content-Type", "application/json");
            }
            out.end(io.vertx.core.buffer.Buffer.buffer(bytes));
        } else {
            out.end();
        }
        if (bodyUnread) {
            context.request().resume();
        }
    }

    /** A stored file, sent from disk (the gate lets these paths through: they are outside the API). */
    private void file(RoutingContext context) {
        var file = attachments.servedFile(context.request().path());
        if (file.isEmpty()) {
            write(context, ErrorResponses.render(KintoError.unknownUrl()), false);
            return;
        }
        String name = file.get().getFileName().toString();
        String type = MimeMapping.getMimeTypeForFilename(name);
        context.response().putHeader("Content-Type", type == null ? "application/octet-stream" : type);
        if (context.request().method() == HttpMethod.HEAD) {
            context.response().putHeader("Content-Length", String.valueOf(file.get().toFile().length())).end();
        } else {
            context.response().sendFile(file.get().toString());
        }
    }
}
