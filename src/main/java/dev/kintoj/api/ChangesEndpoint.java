package dev.kintoj.api;

import dev.kintoj.auth.Authenticator;
import dev.kintoj.config.KintoSettings;
import dev.kintoj.core.Authorizer;
import dev.kintoj.core.DefaultBucket;
import dev.kintoj.core.Identity;
import dev.kintoj.core.KintoError;
import dev.kintoj.core.ObjectService;
import dev.kintoj.core.ResourcePath;
import dev.kintoj.core.ResourceRequest;
import dev.kintoj.core.ValidationEntry;
import dev.kintoj.events.feed.ChangeFeed;
import dev.kintoj.events.feed.FeedPosition;
import dev.kintoj.events.feed.Subscription;
import dev.kintoj.storage.Storage;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live change feed (README, "Live change feed"): {@code GET /v1/buckets/{bid}/collections/{cid}/changes} and
 * {@code GET /v1/buckets/{bid}/changes} as Server-Sent Events. The request is first checked as the list it
 * follows would be (the collection's records, the bucket's collections: 401, 403, 404 as for that GET); then the
 * stream replays what changed after {@code Last-Event-ID} (or {@code ?_since=}) and goes on live. A Vert.x route:
 * the response stays open and is written as events come, with the connection's own backpressure.
 */
@ApplicationScoped
public class ChangesEndpoint {

    /** Matched on the raw path; ids are percent-decoded afterwards. */
    static final Pattern PATH = Pattern.compile("^/buckets/([^/]+)(?:/collections/([^/]+))?/changes$");

    private final ChangeFeed feed;
    private final Authenticator authenticator;
    private final Authorizer authorizer;
    private final ObjectService service;
    private final Storage storage;
    private final DefaultBucket defaultBucket;
    private final KintoSettings settings;
    private final ErrorResponses errors;

    public ChangesEndpoint(ChangeFeed feed, Authenticator authenticator, Authorizer authorizer, ObjectService service,
                           Storage storage, DefaultBucket defaultBucket, KintoSettings settings, ErrorResponses errors) {
        this.feed = feed;
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.service = service;
        this.storage = storage;
        this.defaultBucket = defaultBucket;
        this.settings = settings;
        this.errors = errors;
    }

    void register(@Observes Router router) {
        // HttpGate answers 404 for these paths when the feed is disabled, and every other method 405.
        router.routeWithRegex(HttpMethod.GET, "^" + Endpoints.PREFIX + "/buckets/[^/]+(/collections/[^/]+)?/changes$")
                .handler(this::handle);
    }

    private void handle(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        HttpServerResponse response = routing.response();
        // Outside the request's context: the stream outlives the request and must not read from its memos.
        Context loop = VertxContext.getRootContext(Vertx.currentContext());
        try {
            ApiRequest api = ApiRequest.of(request, null, settings);
            Matcher matcher = PATH.matcher(api.apiPath());
            if (!matcher.matches()) {
                throw KintoError.unknownUrl();
            }
            FeedPosition since = since(request.getHeader("Last-Event-ID"), ResourceHttp.query(api.query()));
            String authorization = request.getHeader("Authorization");
            authenticator.authenticate(authorization).chain(identity -> {
                String bucketId = matcher.group(1);
                if (defaultBucket.enabled() && bucketId.equals("default") && !identity.isAnonymous()) {
                    bucketId = defaultBucket.bucketId(identity.userId());
                }
                String collectionId = matcher.group(2);
                String list = collectionId == null ? "/buckets/" + bucketId + "/collections"
                        : "/buckets/" + bucketId + "/collections/" + collectionId + "/records";
                ResourcePath path = service.kinds().parse(list).orElseThrow(KintoError::unknownUrl);
                String resolvedBucket = bucketId;
                // The GET of that list, reduced to one object: its permission and existence rules, nothing else.
                return service.handle(new ResourceRequest("GET", path, List.of(Map.entry("_limit", "1")), Map.of(), null,
                                null, identity, api.baseUrl() + api.path()))
                        .replaceWith(() -> new Object[]{identity, resolvedBucket, collectionId});
            }).subscribe().with(found -> loop.runOnContext(v -> open(response, loop, (Identity) found[0],
                            (String) found[1], (String) found[2], since, authorization)),
                    failure -> fail(response, failure));
        } catch (RuntimeException e) {
            fail(response, e);
        }
    }

    private void open(HttpServerResponse response, Context loop, Identity identity, String bucketId, String collectionId,
                      FeedPosition since, String authorization) {
        if (response.closed()) {
            return;
        }
        SubscriberAccess access = new SubscriberAccess(authenticator, authorizer, service.kinds(), authorization, identity,
                feed.settings().aclRecheckSeconds() * 1000L, System::currentTimeMillis);
        Subscription subscription = new Subscription(feed, response, loop, storage, bucketId, collectionId, since, access);
        response.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                // Proxies (nginx) must pass events on at once.
                .putHeader("X-Accel-Buffering", "no");
        if (!subscription.start()) {
            response.setChunked(false);
            fail(response, KintoError.backend("Too many subscribers to the change feed on this server, retry later."));
            return;
        }
        // The first bytes go out now, so that clients (and proxies) see the stream open before the first event.
        response.write(Buffer.buffer(": kintoj change feed\nretry: 2000\n\n"));
    }

    /**
     * {@code Last-Event-ID} first (what EventSource sends when it reconnects), else {@code _since}; null if neither.
     * Either is a timestamp or an event id of a bucket's feed; anything else is refused (400), not read as "from
     * the start", which would replay a whole bucket.
     */
    static FeedPosition since(String lastEventId, List<Map.Entry<String, String>> query) {
        if (lastEventId != null && !lastEventId.isBlank()) {
            return position(lastEventId, ValidationEntry.header("Last-Event-ID", INVALID));
        }
        for (Map.Entry<String, String> param : query) {
            if (param.getKey().equals("_since")) {
                return position(param.getValue(), new ValidationEntry("querystring", "_since", INVALID));
            }
        }
        return null;
    }

    private static final String INVALID = "The value should be integer or an event id of this feed";

    private static FeedPosition position(String raw, ValidationEntry invalid) {
        String value = raw.trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        FeedPosition parsed = FeedPosition.parse(value);
        if (parsed == null) {
            throw KintoError.invalid(invalid);
        }
        return parsed;
    }

    private void fail(HttpServerResponse response, Throwable failure) {
        if (response.ended() || response.closed()) {
            return;
        }
        Response rendered = errors.toResponse(failure);
        response.setStatusCode(rendered.getStatus());
        rendered.getStringHeaders().forEach((name, values) -> response.headers().set(name, values));
        Object entity = rendered.getEntity();
        response.end(entity instanceof byte[] bytes ? Buffer.buffer(bytes) : Buffer.buffer());
    }
}
