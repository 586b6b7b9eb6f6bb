package dev.kintoj.core;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.config.WhitespaceList;
import dev.kintoj.core.listing.ListParams;
import dev.kintoj.core.listing.ListResponses;
import dev.kintoj.core.listing.PaginationToken;
import dev.kintoj.core.listing.QueryParser;
import dev.kintoj.permission.PermissionBackend;
import dev.kintoj.storage.Filter;
import dev.kintoj.storage.ListQuery;
import dev.kintoj.storage.Sort;
import dev.kintoj.storage.Storage;
import dev.kintoj.storage.memory.ObjectMatcher;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * {@code GET /v1/permissions} (permissions.md §8): every object on which the caller's principals appear in an
 * ACL, plus what settings grant, each with the permissions it implies on the same object. The entries are
 * computed per request, then filtered, sorted and paginated like any list.
 */
public final class PermissionsList {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> FIELDS = Set.of("uri", "resource_name", "permissions", "id", "bucket_id",
            "collection_id", "group_id", "record_id", "account_id");
    private static final List<String> ALL_PERMISSIONS = List.of("read", "write", "collection:create", "group:create",
            "record:create");
    private static final String LAST_MODIFIED = "last_modified";
    private static final Sort BY_URI = new Sort("uri", false);

    private final PermissionBackend permissions;
    private final Storage storage;
    private final ResourceKinds kinds;
    private final Function<String, Optional<String>> settings;
    private final QueryParser queryParser;
    private final ListResponses lists;
    private final LongSupplier clock;
    /** permissions.md §8 / api.md §4.1: a timestamp fixed at first access, never bumped. */
    private final AtomicLong timestamp = new AtomicLong();

    public PermissionsList(PermissionBackend permissions, Storage storage, ResourceKinds kinds,
                           Function<String, Optional<String>> settings, EngineSettings engineSettings, LongSupplier clock) {
        this.permissions = permissions;
        this.storage = storage;
        this.kinds = kinds;
        this.settings = settings;
        this.queryParser = new QueryParser(clock);
        this.lists = new ListResponses(engineSettings);
        this.clock = clock;
    }

    /** {@code request.path()} is null: this list is no resource kind. */
    public Uni<ResourceResponse> list(ResourceRequest request, boolean countOnly) {
        Identity identity = request.identity();
        if (!granted(identity, "permissions_read_principals", Identity.EVERYONE)) {
            return Uni.createFrom().failure(identity.isAnonymous() ? KintoError.unauthorized() : KintoError.forbidden());
        }
        queryParser.validateTyped(request.query());
        ListParams params = queryParser.parse(request.query());
        List<Filter> filters = params.filters().stream().filter(f -> !f.field().equals(LAST_MODIFIED)).toList();
        List<Sort> sorting = new ArrayList<>(params.sorting().stream().filter(s -> !s.field().equals(LAST_MODIFIED)).toList());
        filters.forEach(f -> checkField(f.field(), f.field()));
        sorting.forEach(s -> checkField("_sort", s.field()));
        if (params.fields() != null) {
            params.fields().forEach(f -> checkField("_fields", f));
        }
        if (sorting.stream().noneMatch(s -> s.field().equals("uri"))) {
            sorting.add(BY_URI);
        }
        long fixed = timestamp.updateAndGet(t -> t != 0 ? t : clock.getAsLong());
        return entries(identity).map(entries -> {
            List<ObjectNode> selected = new ArrayList<>();
            for (ObjectNode entry : entries) {
                if (ObjectMatcher.matchesAll(entry, filters)) {
                    selected.add(entry);
                }
            }
            ResourceResponse response = new ResourceResponse(200, null);
            ObjectService.withTimestamp(response, fixed);
            // Kinto's permissions endpoint is a resource: a browser must not serve a stale list (kinto-admin).
            lists.cacheHeaders(response, identity, "permissions");
            if (countOnly) {
                response.header("Total-Objects", String.valueOf(selected.size()))
                        .header("Total-Records", String.valueOf(selected.size()));
                return response;
            }
            List<List<Filter>> rules = params.token() == null ? List.of() : params.token().rules(sorting);
            List<ObjectNode> page = ObjectMatcher.sorted(
                    selected.stream().filter(e -> ObjectMatcher.matchesAny(e, rules)).toList(), e -> e, sorting);
            int limit = lists.effectiveLimit(params.limit());
            if (page.size() > limit) {
                page = page.subList(0, limit);
                long offset = (params.token() == null ? 0 : params.token().offset()) + limit;
                response.header("Next-Page", lists.nextPageUrl(request, limit,
                        PaginationToken.next(PaginationToken.lastObject(page.get(limit - 1), sorting), offset)));
            }
            ArrayNode data = JSON.arrayNode();
            page.forEach(e -> data.add(params.fields() == null ? e : Fields.project(e, params.fields())));
            ObjectNode body = JSON.objectNode();
            body.set("data", data);
            return new ResourceResponse(200, body, response.headers());
        });
    }

    private static void checkField(String name, String field) {
        if (!FIELDS.contains(field.split("\\.", 2)[0])) {
            throw KintoError.invalidQuery(name, "Unknown field '" + field + "'");
        }
    }

    private boolean granted(Identity identity, String setting, String fallback) {
        String value = settings.apply(setting).orElse(fallback);
        return value != null && WhitespaceList.split(value).stream().anyMatch(identity.principals()::contains);
    }

    /** Object URI to the permissions held there, from ACLs and from settings, then shaped as entries. */
    private Uni<List<ObjectNode>> entries(Identity identity) {
        Map<String, Set<String>> held = new LinkedHashMap<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String pattern : objectPatterns()) {
            chain = chain.chain(() -> permissions.getAccessibleObjects(identity.principals(), pattern, ALL_PERMISSIONS)
                    .invoke(found -> found.forEach((uri, perms) -> held.computeIfAbsent(uri, u -> new LinkedHashSet<>()).addAll(perms)))
                    .replaceWithVoid());
        }
        return chain.chain(() -> fromSettings(identity, held)).map(x -> {
            List<ObjectNode> entries = new ArrayList<>();
            rootEntry(identity).ifPresent(entries::add);
            held.forEach((uri, perms) -> kinds.parse(uri).filter(p -> !p.isPlural())
                    .ifPresent(path -> entries.add(entry(uri, path, perms))));
            return entries;
        });
    }

    /** {@code /buckets/*}, {@code /buckets/*}{@code /collections/*}, ...: one pattern per object kind. */
    private List<String> objectPatterns() {
        List<String> patterns = new ArrayList<>();
        for (ResourceKind kind : kinds.all()) {
            StringBuilder pattern = new StringBuilder();
            for (ResourceKind k : lineage(kind)) {
                pattern.append('/').append(k.segment()).append("/*");
            }
            patterns.add(pattern.toString());
        }
        return patterns;
    }

    private static List<ResourceKind> lineage(ResourceKind kind) {
        List<ResourceKind> lineage = new ArrayList<>();
        for (ResourceKind k = kind; k != null; k = k.parent()) {
            lineage.add(0, k);
        }
        return lineage;
    }

    /** bucket_*, collection_*, group_* settings grant on every object of their kind (collection:create on buckets...). */
    private Uni<Void> fromSettings(Identity identity, Map<String, Set<String>> held) {
        Map<ResourceKind, Set<String>> granted = new LinkedHashMap<>();
        grant(identity, granted, "bucket_read_principals", CoreKinds.BUCKET, "read");
        grant(identity, granted, "bucket_write_principals", CoreKinds.BUCKET, "write");
        grant(identity, granted, "collection_create_principals", CoreKinds.BUCKET, "collection:create");
        grant(identity, granted, "group_create_principals", CoreKinds.BUCKET, "group:create");
        grant(identity, granted, "collection_read_principals", CoreKinds.COLLECTION, "read");
        grant(identity, granted, "collection_write_principals", CoreKinds.COLLECTION, "write");
        grant(identity, granted, "record_create_principals", CoreKinds.COLLECTION, "record:create");
        grant(identity, granted, "group_read_principals", CoreKinds.GROUP, "read");
        grant(identity, granted, "group_write_principals", CoreKinds.GROUP, "write");
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<ResourceKind, Set<String>> grant : granted.entrySet()) {
            ResourceKind kind = grant.getKey();
            chain = chain.chain(() -> objectUris(kind).invoke(uris -> uris.forEach(uri ->
                    held.computeIfAbsent(uri, u -> new LinkedHashSet<>()).addAll(grant.getValue()))).replaceWithVoid());
        }
        return chain;
    }

    private Uni<List<String>> objectUris(ResourceKind kind) {
        return storage.listAll(CoreKinds.BUCKET.name(), "", ListQuery.ALL, false).chain(buckets -> {
            List<String> bucketUris = buckets.stream().map(b -> "/buckets/" + b.get("id").asText()).toList();
            if (kind == CoreKinds.BUCKET) {
                return Uni.createFrom().item(bucketUris);
            }
            List<String> uris = new ArrayList<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String bucketUri : bucketUris) {
                chain = chain.chain(() -> storage.listAll(kind.name(), bucketUri, ListQuery.ALL, false)
                        .invoke(children -> children.forEach(c -> uris.add(bucketUri + "/" + kind.segment() + "/" + c.get("id").asText())))
                        .replaceWithVoid());
            }
            return chain.map(x -> uris);
        });
    }

    private void grant(Identity identity, Map<ResourceKind, Set<String>> granted, String setting, ResourceKind kind,
                       String permission) {
        if (granted(identity, setting, null)) {
            granted.computeIfAbsent(kind, k -> new LinkedHashSet<>()).add(permission);
        }
    }

    private Optional<ObjectNode> rootEntry(Identity identity) {
        List<String> perms = new ArrayList<>();
        if (granted(identity, "bucket_create_principals", Identity.AUTHENTICATED)) {
            perms.add("bucket:create");
        }
        if (kinds.byName("account").isPresent() && granted(identity, "account_create_principals", null)) {
            perms.add("account:create");
        }
        if (perms.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode root = JSON.objectNode().put("uri", "/").put("resource_name", "root");
        perms.forEach(root.putArray("permissions")::add);
        return Optional.of(root);
    }

    private static ObjectNode entry(String uri, ResourcePath path, Set<String> held) {
        ObjectNode entry = JSON.objectNode();
        entry.put("uri", uri);
        String resource = path.kind().name();
        entry.put("resource_name", resource);
        ArrayNode list = entry.putArray("permissions");
        implied(resource, held).forEach(list::add);
        entry.put("id", path.id());
        List<ResourceKind> lineage = lineage(path.kind());
        for (int i = 0; i < lineage.size(); i++) {
            String id = i < path.ancestorIds().size() ? path.ancestorIds().get(i) : path.id();
            entry.put(lineage.get(i).name() + "_id", id);
        }
        return entry;
    }

    /** The permissions held plus those they imply on the same object (permissions.md §8). */
    static Set<String> implied(String resource, Set<String> held) {
        Set<String> all = new LinkedHashSet<>(held);
        boolean container = resource.equals("bucket") || resource.equals("collection");
        if (held.contains("write")) {
            all.add("read");
            if (resource.equals("bucket")) {
                all.addAll(List.of("read:attributes", "collection:create", "group:create"));
            } else if (resource.equals("collection")) {
                all.addAll(List.of("read:attributes", "record:create"));
            }
        }
        if (container && (held.contains("read") || held.stream().anyMatch(p -> p.endsWith(":create")))) {
            all.add("read:attributes");
        }
        return all;
    }
}
