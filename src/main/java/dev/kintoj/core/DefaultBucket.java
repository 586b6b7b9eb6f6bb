package dev.kintoj.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;

import java.util.List;

/**
 * The default_bucket plugin (plugins.md §1): {@code /buckets/default/...} is the caller's personal bucket, whose
 * id is derived from their user id, created implicitly with the collection the request goes to.
 */
public final class DefaultBucket {

    private static final String ALIAS = "/buckets/default";

    private final boolean enabled;
    private final ObjectService service;
    private final String secret;
    private final boolean readonly;

    /** {@code enabled}: whether the plugin is included; a disabled instance targets nothing. */
    public DefaultBucket(boolean enabled, ObjectService service, String secret, boolean readonly) {
        this.enabled = enabled;
        this.service = service;
        this.secret = secret;
        this.readonly = readonly;
    }

    public boolean enabled() {
        return enabled;
    }

    public boolean targets(String apiPath) {
        return enabled && (apiPath.equals(ALIAS) || apiPath.startsWith(ALIAS + "/"));
    }

    /** §1.1: the HMAC-SHA256 of the user id, its first 32 hex digits shaped like a UUID. */
    public String bucketId(String userId) {
        String hex = Hmac.hex(secret, userId);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20, 32);
    }

    /** The same path in the personal bucket. */
    public String realPath(String apiPath, String userId) {
        return "/buckets/" + bucketId(userId) + apiPath.substring(ALIAS.length());
    }

    /**
     * §1.2 steps 2–5: refuses anonymous and read-only requests, then creates the bucket and the collection the
     * path goes to unless this very request creates them.
     */
    public Uni<Void> prepare(String method, String apiPath, Identity identity) {
        if (identity.isAnonymous()) {
            return Uni.createFrom().failure(KintoError.unauthorized());
        }
        if (readonly) {
            return Uni.createFrom().failure(KintoError.methodNotAllowed(null));
        }
        String bucketId = bucketId(identity.userId());
        ResourcePath bucket = new ResourcePath(CoreKinds.BUCKET, List.of(), bucketId);
        boolean putsBucket = method.equals("PUT") && apiPath.equals(ALIAS);
        Uni<Void> created = putsBucket ? Uni.createFrom().voidItem() : service.createImplicitly(bucket, identity);
        String subpath = apiPath.length() > ALIAS.length() ? apiPath.substring(ALIAS.length() + 1) : "";
        if (!subpath.startsWith("collections/")) {
            return created;
        }
        String collectionId = subpath.split("/", -1)[1];
        // Kinto's test is "the path ends with the collection id" (its quirk included, plugins.md §1.2 step 5).
        if (method.equals("PUT") && apiPath.endsWith(collectionId)) {
            return created;
        }
        if (!CoreKinds.COLLECTION.ids().accepts(collectionId)) {
            return Uni.createFrom().failure(KintoError.invalid(new ValidationEntry("path", null, "Invalid collection id")));
        }
        ResourcePath collection = new ResourcePath(CoreKinds.COLLECTION, List.of(bucketId), collectionId);
        return created.chain(() -> service.createImplicitly(collection, identity));
    }

    /** §1.2 step 6: in a string {@code data.id}, {@code default} stands for the personal bucket id. */
    public JsonNode rewriteBody(JsonNode body, String userId) {
        if (body == null || !body.path("data").path("id").isTextual()) {
            return body;
        }
        ObjectNode copy = body.deepCopy();
        ObjectNode data = (ObjectNode) copy.get("data");
        data.put("id", data.get("id").textValue().replace("default", bucketId(userId)));
        return copy;
    }
}
