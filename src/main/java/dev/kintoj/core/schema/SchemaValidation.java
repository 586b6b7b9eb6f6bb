package dev.kintoj.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.core.CoreKinds;
import dev.kintoj.core.KintoError;
import dev.kintoj.core.ParentLookups;
import dev.kintoj.core.ResourceKind;
import dev.kintoj.core.ResourcePath;
import dev.kintoj.core.ValidationEntry;
import dev.kintoj.storage.Storage;
import io.smallrye.mutiny.Uni;

import java.util.Optional;
import java.util.Set;

/**
 * api.md §12, when {@code experimental_collection_schema_validation} is on: the data of a record, collection or
 * group about to be stored must be valid against the schemas of its collection ({@code schema}) and bucket
 * ({@code record:schema}, {@code collection:schema}, {@code group:schema}). A record validated by its
 * collection's schema gets {@code schema: <collection last_modified>}. The schemas are read in the request's
 * unit of work, so they are those the write commits against.
 */
public final class SchemaValidation {

    private static final String LAST_MODIFIED = "last_modified";
    /** Kinto's permissions field: never part of what a schema sees. */
    private static final String PERMISSIONS = "__permissions__";
    private static final Set<String> RECORD_IGNORED = Set.of(LAST_MODIFIED, "schema", PERMISSIONS);
    private static final Set<String> METADATA_IGNORED = Set.of(LAST_MODIFIED, PERMISSIONS);
    private static final int CACHED_SCHEMAS = 1000;

    private final Storage storage;
    private final ParentLookups parents;
    private final boolean enabled;
    private final CompiledSchemas compiled = new CompiledSchemas(CACHED_SCHEMAS);

    public SchemaValidation(Storage storage, ParentLookups parents, boolean enabled) {
        this.storage = storage;
        this.parents = parents;
        this.enabled = enabled;
    }

    /** Fails with 400 errno 107 when {@code data} is invalid; may add the {@code schema} field to it. */
    public Uni<Void> validate(ResourcePath path, ObjectNode data) {
        if (!enabled) {
            return Uni.createFrom().voidItem();
        }
        ResourceKind kind = path.kind();
        if (kind == CoreKinds.RECORD) {
            ResourcePath collection = path.parentPath();
            ResourcePath bucket = collection.parentPath();
            // One read after the other: a PostgreSQL unit of work has one connection.
            return read(collection).chain(foundCollection -> read(bucket).map(foundBucket -> {
                foundCollection.filter(c -> c.has("schema")).ifPresent(c -> {
                    check(collection, c, "schema", data, RECORD_IGNORED);
                    data.put("schema", c.get(LAST_MODIFIED).longValue());
                });
                foundBucket.ifPresent(b -> check(bucket, b, "record:schema", data, RECORD_IGNORED));
                return null;
            }));
        }
        if (kind == CoreKinds.COLLECTION || kind == CoreKinds.GROUP) {
            ResourcePath bucket = path.parentPath();
            return read(bucket).map(foundBucket -> {
                foundBucket.ifPresent(b -> check(bucket, b, kind.name() + ":schema", data, METADATA_IGNORED));
                return null;
            });
        }
        return Uni.createFrom().voidItem();
    }

    /** Parents are read without their list's lock, and once per request. */
    private Uni<Optional<ObjectNode>> read(ResourcePath path) {
        return parents.get(path.objectUri(), () -> storage.peek(path.kind().name(), path.kind().hooks().storageParent(path), path.id()));
    }

    private void check(ResourcePath owner, ObjectNode object, String field, ObjectNode data, Set<String> ignored) {
        JsonNode schema = object.get(field);
        if (schema == null || !schema.isObject()) {
            return;
        }
        ValidationEntry failure = compiled.get(owner.objectUri(), field, object.get(LAST_MODIFIED).longValue(),
                schema, ignored).check(data);
        if (failure != null) {
            throw KintoError.invalid(failure);
        }
    }
}
