package dev.kintoj.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.core.schema.JsonSchemas;
import dev.kintoj.permission.PermissionBackend;
import io.smallrye.mutiny.Uni;

import java.util.List;

/** The four kinds of Kinto's core API (api.md §2, §3.5). */
public final class CoreKinds {

    public static final ResourceKind BUCKET = new ResourceKind("bucket", "buckets", null, false, IdGenerator.SHORT_NAME,
            List.of("read", "write", "collection:create", "group:create"), validating(CoreKinds::validateBucket));
    public static final ResourceKind COLLECTION = new ResourceKind("collection", "collections", BUCKET, false,
            IdGenerator.SHORT_NAME, List.of("read", "write", "record:create"), validating(CoreKinds::validateCollection));
    public static final ResourceKind GROUP = new ResourceKind("group", "groups", BUCKET, false, IdGenerator.SHORT_NAME,
            List.of("read", "write"), new GroupHooks());
    public static final ResourceKind RECORD = new ResourceKind("record", "records", COLLECTION, true, IdGenerator.UUID4,
            List.of("read", "write"), ResourceKind.Hooks.NONE);

    public static final List<ResourceKind> ALL = List.of(BUCKET, COLLECTION, GROUP, RECORD);

    private CoreKinds() {
    }

    private static ResourceKind.Hooks validating(java.util.function.BiConsumer<ObjectNode, String> validator) {
        return new ResourceKind.Hooks() {
            @Override
            public void validate(ObjectNode data, ObjectNode existing, String prefix) {
                validator.accept(data, prefix);
            }
        };
    }

    /** Groups validate their members and keep them in their members' principals. */
    private static final class GroupHooks implements ResourceKind.Hooks {
        @Override
        public void validate(ObjectNode data, ObjectNode existing, String prefix) {
            validateGroup(data, prefix);
        }

        @Override
        public Uni<Void> changed(PermissionBackend permissions, String objectUri, ObjectNode before, ObjectNode after) {
            return GroupMembers.update(permissions, objectUri, before, after);
        }

        @Override
        public boolean hasChangeHook() {
            return true;
        }
    }

    private static void validateBucket(ObjectNode data, String prefix) {
        for (String field : List.of("collection:schema", "group:schema", "record:schema")) {
            requireObject(data, field, prefix);
            JsonSchemas.requireValidSchema(data, field, prefix);
        }
    }

    private static void validateCollection(ObjectNode data, String prefix) {
        requireObject(data, "schema", prefix);
        JsonSchemas.requireValidSchema(data, "schema", prefix);
        JsonNode expires = data.get("cache_expires");
        if (expires != null && !(expires.isIntegralNumber())) {
            throw KintoError.invalidBody(prefix + "cache_expires", "\"" + Json.text(expires) + "\" is not a number");
        }
    }

    private static void validateGroup(ObjectNode data, String prefix) {
        JsonNode members = data.get("members");
        if (members == null) {
            data.putArray("members");
            return;
        }
        if (!members.isArray()) {
            throw KintoError.invalidBody(prefix + "members", "\"" + Json.text(members) + "\" is not iterable");
        }
        for (int i = 0; i < members.size(); i++) {
            JsonNode member = members.get(i);
            String name = prefix + "members." + i;
            if (!member.isTextual()) {
                throw KintoError.invalidBody(name, "\"" + Json.text(member) + "\" is not a string");
            }
            String principal = member.textValue();
            if (principal.equals(Identity.EVERYONE) || principal.startsWith("/buckets/")) {
                throw KintoError.invalidBody(name, "'" + principal + "' is not a valid user ID.");
            }
        }
    }

    private static void requireObject(ObjectNode data, String field, String prefix) {
        JsonNode value = data.get(field);
        if (value != null && !value.isObject()) {
            throw KintoError.invalidBody(prefix + field, "\"" + Json.text(value) + "\" is not a mapping type: Does not implement dict-like functionality.");
        }
    }
}
