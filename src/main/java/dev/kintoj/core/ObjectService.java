package dev.kintoj.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.cache.Cache;
import dev.kintoj.core.listing.ListParams;
import dev.kintoj.core.listing.ListResponses;
import dev.kintoj.core.listing.PaginationToken;
import dev.kintoj.core.listing.QueryParser;
import dev.kintoj.core.schema.SchemaValidation;
import dev.kintoj.events.Events;
import dev.kintoj.events.ResourceEvent.Impacted;
import dev.kintoj.permission.PermissionBackend;
import dev.kintoj.storage.Filter;
import dev.kintoj.storage.ListQuery;
import dev.kintoj.storage.Operator;
import dev.kintoj.storage.Sort;
import dev.kintoj.storage.Storage;
import dev.kintoj.storage.StoredObject;
import dev.kintoj.storage.UnicityException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.tuples.Tuple2;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The generic object engine: one code path serving every {@link ResourceKind} (api.md §4–§11). It works on
 * {@link ResourceRequest}s, so HTTP endpoints and batch subrequests share it.
 */
public class ObjectService {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String LAST_MODIFIED = "last_modified";
    static final String WRITE = "write";

    private final Storage storage;
    private final PermissionBackend permissions;
    private final Cache cache;
    private final Events events;
    private final ParentLookups parents;
    private final Authorizer authorizer;
    private final ResourceKinds kinds;
    private final EngineSettings settings;
    private final QueryParser queryParser;
    private final ListResponses lists;
    private final SchemaValidation schemas;
    private final ReadAhead ahead;

    public ObjectService(Storage storage, PermissionBackend permissions, Cache cache, Events events,
                         ParentLookups parents, Authorizer authorizer, ResourceKinds kinds, EngineSettings settings,
                         LongSupplier clock) {
        this(storage, permissions, cache, events, parents, authorizer, kinds, settings, clock,
                new ReadAhead(new dev.kintoj.storage.memory.MemoryTransactions(), new RequestMemo()));
    }

    /** {@code ahead}: where read requests read ahead ({@link #readAhead}). */
    public ObjectService(Storage storage, PermissionBackend permissions, Cache cache, Events events,
                         ParentLookups parents, Authorizer authorizer, ResourceKinds kinds, EngineSettings settings,
                         LongSupplier clock, ReadAhead ahead) {
        this.ahead = ahead;
        this.parents = parents;
        this.storage = storage;
        this.permissions = permissions;
        this.cache = cache;
        this.events = events;
        this.authorizer = authorizer;
        this.kinds = kinds;
        this.settings = settings;
        this.queryParser = new QueryParser(clock);
        this.lists = new ListResponses(settings);
        this.schemas = new SchemaValidation(storage, parents, settings.schemaValidation());
    }

    public ResourceKinds kinds() {
        return kinds;
    }

    public Uni<ResourceResponse> handle(ResourceRequest request) {
        boolean plural = request.path().isPlural();
        try {
            request.path().kind().hooks().precheck(request);
        } catch (KintoError e) {
            return Uni.createFrom().failure(e);
        }
        if (plural && !request.path().kind().hooks().pluralMethods().contains(request.method())) {
            return Uni.createFrom().failure(KintoError.methodNotAllowed(String.join(", ", request.path().kind().hooks().pluralMethods())));
        }
        return switch (request.method()) {
            case "GET" -> plural ? list(request, false) : get(request);
            case "HEAD" -> plural ? list(request, true) : get(request);
            case "POST" -> plural ? create(request) : notAllowed(request);
            case "PUT" -> plural ? notAllowed(request) : put(request);
            case "PATCH" -> plural ? notAllowed(request) : patch(request);
            case "DELETE" -> plural ? deleteList(request) : delete(request);
            default -> notAllowed(request);
        };
    }

    private static Uni<ResourceResponse> notAllowed(ResourceRequest request) {
        return Uni.createFrom().failure(KintoError.methodNotAllowed(request.path().isPlural()
                ? "HEAD, GET, POST, DELETE, OPTIONS" : "GET, HEAD, PUT, PATCH, DELETE, OPTIONS"));
    }

    /**
     * The identity of a request with {@code method} on {@code path}, read together with everything the request will
     * then read: the ACLs of the target and its ancestors, its parent, and the object, or for a GET or HEAD of a
     * list its timestamp and its first page (or count). A write reads ahead what decides whether it is allowed,
     * before its transaction; what it reads inside (under the list's lock) it reads there. One exchange with the
     * backends instead of one per step (README, On PostgreSQL); the steps find their reads in {@link ReadAhead} and
     * the memos, and their decisions are unchanged.
     */
    public Uni<Identity> readAhead(ResourcePath path, List<Map.Entry<String, String>> query, String method,
                                   List<String> groupsOf, Uni<Identity> identity) {
        if (!ahead.worthIt()) {
            return identity;
        }
        return ahead.together(identity, () -> readsOf(path, query, method, groupsOf));
    }

    private List<Uni<Void>> readsOf(ResourcePath path, List<Map.Entry<String, String>> query, String method,
                                    List<String> groupsOf) {
        List<Uni<Void>> reads = new ArrayList<>();
        ResourcePath object = path.isPlural() ? path.parentPath() : path;
        List<String> uris = new ArrayList<>();
        for (ResourcePath ancestor = object; ancestor != null; ancestor = ancestor.parentPath()) {
            uris.add(ancestor.objectUri());
        }
        if (!groupsOf.isEmpty()) {
            // With the identity's groups: the identity takes them from the permission memo.
            reads.add(permissions.getUserPrincipalsAndObjectsPermissions(groupsOf, uris).replaceWithVoid());
        } else if (!uris.isEmpty()) {
            reads.add(permissions.getObjectsPermissions(uris).replaceWithVoid());
        }
        String resource = path.kind().name();
        if (!path.isPlural()) {
            if (path.kind().ids().accepts(path.id())) {
                reads.add(ahead.keep(new Storage.Key(resource, parentOf(path), path.id()), objectAndParent(path)));
            } else if (path.kind().parentMustExist()) {
                reads.add(existingParent(path).replaceWithVoid());
            }
            return reads;
        }
        if (path.kind().parentMustExist()) {
            reads.add(existingParent(path).replaceWithVoid());
        }
        boolean head = method.equals("HEAD");
        if (!head && !method.equals("GET")) {
            return reads;
        }
        reads.add(ahead.keep(new Storage.ListKey(resource, parentOf(path)),
                storage.knownResourceTimestamp(resource, parentOf(path)).map(known -> known.orElse(null))));
        ListParams params;
        List<Filter> filters;
        try {
            queryParser.validateTyped(query);
            params = queryParser.parse(query);
            rejectHiddenFields(path.kind(), params);
            filters = path.kind().hooks().listFilters(params.filters());
        } catch (RuntimeException refused) {
            return reads; // the request's own steps refuse it
        }
        if (head) {
            reads.add(ahead.keep(new ReadAhead.CountRead(resource, parentOf(path), filters),
                    storage.countAll(resource, parentOf(path), filters)));
        } else {
            ListQuery page = pageQuery(params, filters);
            reads.add(ahead.keep(new ReadAhead.PageRead(resource, parentOf(path), page, params.includesTombstones()),
                    storage.listStored(resource, parentOf(path), page, params.includesTombstones())));
        }
        return reads;
    }

    /** The object at {@code path} and, when it must exist, its parent, read together (one statement). */
    private Uni<Optional<StoredObject>> objectAndParent(ResourcePath path) {
        Storage.Key object = new Storage.Key(path.kind().name(), parentOf(path), path.id());
        if (!path.kind().parentMustExist()) {
            return storage.peekAll(List.of(object)).map(found -> found.get(0));
        }
        ResourcePath parent = path.parentPath();
        Storage.Key parentKey = new Storage.Key(parent.kind().name(), parentOf(parent), parent.id());
        return storage.peekAll(List.of(parentKey, object)).map(found -> {
            parents.remember(parent.objectUri(), found.get(0).map(StoredObject::node));
            return found.get(1);
        });
    }

    // ---------------------------------------------------------------- plural endpoints

    private Uni<ResourceResponse> list(ResourceRequest request, boolean countOnly) {
        ResourcePath path = request.path();
        return authorize(request, path, "read")
                .chain(access -> existingParent(path).map(parent -> Tuple2.of(access, parent.orElse(null))))
                .chain(accessAndParent -> {
                    Authorizer.Access access = accessAndParent.getItem1();
                    queryParser.validateTyped(request.query());
                    Precondition ifMatch = Precondition.parse("If-Match", request.header("if-match"));
                    Precondition ifNoneMatch = Precondition.parse("If-None-Match", request.header("if-none-match"));
                    return ahead.take(new Storage.ListKey(path.kind().name(), parentOf(path)),
                            () -> storage.resourceTimestamp(path.kind().name(), parentOf(path))).chain(timestamp -> {
                        if (ifNoneMatch != null && !ifNoneMatch.any() && ifNoneMatch.timestamp() == timestamp) {
                            return Uni.createFrom().item(notModified(timestamp));
                        }
                        if ((ifNoneMatch != null && ifNoneMatch.any()) || (ifMatch != null && !ifMatch.matches(timestamp))) {
                            throw withTimestamp(KintoError.modifiedMeanwhile(null), timestamp);
                        }
                        ListParams params = queryParser.parse(request.query());
                        rejectHiddenFields(path.kind(), params);
                        List<Filter> filters = restrict(path.kind().hooks().listFilters(params.filters()), access);
                        Uni<ResourceResponse> response = countOnly
                                ? count(path, filters)
                                : page(request, params, filters, timestamp);
                        return response.map(r -> {
                            if (events.wantsReads(path.kind().name())) {
                                events.emit(Events.READ, path, parentOf(path), timestamp, request.identity(), readObjects(r));
                            }
                            withTimestamp(r, timestamp);
                            lists.cacheHeaders(r, request, accessAndParent.getItem2());
                            if (params.deprecatedTo()) {
                                r.header("Alert", ListResponses.TO_DEPRECATED);
                            }
                            return r;
                        });
                    });
                });
    }

    private Uni<ResourceResponse> count(ResourcePath path, List<Filter> filters) {
        return ahead.take(new ReadAhead.CountRead(path.kind().name(), parentOf(path), filters),
                () -> storage.countAll(path.kind().name(), parentOf(path), filters)).map(total ->
                new ResourceResponse(200, null)
                        .header("Total-Objects", String.valueOf(total))
                        .header("Total-Records", String.valueOf(total)));
    }

    private Uni<ResourceResponse> page(ResourceRequest request, ListParams params, List<Filter> filters, long timestamp) {
        ResourcePath path = request.path();
        int limit = lists.effectiveLimit(params.limit());
        ListQuery query = pageQuery(params, filters);
        String resource = path.kind().name();
        return ahead.take(new ReadAhead.PageRead(resource, parentOf(path), query, params.includesTombstones()),
                () -> storage.listStored(resource, parentOf(path), query, params.includesTombstones())).map(objects -> {
            ResourceResponse response = new ResourceResponse(200, null);
            if (objects.size() > limit) {
                objects = objects.subList(0, limit);
                long offset = (params.token() == null ? 0 : params.token().offset()) + limit;
                PaginationToken next = PaginationToken.next(
                        PaginationToken.lastObject(objects.get(limit - 1).node(), params.sorting()), offset);
                response.header("Next-Page", lists.nextPageUrl(request, limit, next));
            }
            boolean asStored = showsAsStored(path.kind(), params.fields());
            ArrayNode data = JSON.arrayNode(objects.size());
            for (StoredObject object : objects) {
                if (asStored && object.json() != null) {
                    data.add(sentAsStored(object));
                    continue;
                }
                ObjectNode shown = path.kind().present(object.node());
                data.add(params.fields() == null ? shown : Fields.project(shown, params.fields()));
            }
            ObjectNode body = JSON.objectNode();
            body.set("data", data);
            return new ResourceResponse(200, body, response.headers());
        });
    }

    /** A page's query: one object more than the page holds tells whether there is a next page. */
    private ListQuery pageQuery(ListParams params, List<Filter> filters) {
        List<List<Filter>> rules = params.token() == null ? List.of() : params.token().rules(params.sorting());
        return new ListQuery(filters, params.sorting(), rules, lists.effectiveLimit(params.limit()) + 1);
    }

    private Uni<ResourceResponse> deleteList(ResourceRequest request) {
        ResourcePath path = request.path();
        return requireParent(path)
                .chain(() -> authorize(request, path, WRITE))
                .chain(access -> {
                    queryParser.validateTyped(request.query());
                    Precondition ifMatch = Precondition.parse("If-Match", request.header("if-match"));
                    Precondition ifNoneMatch = Precondition.parse("If-None-Match", request.header("if-none-match"));
                    return events.unit(() -> storage.resourceTimestamp(path.kind().name(), parentOf(path))
                            .chain(timestamp -> {
                                if ((ifNoneMatch != null && ifNoneMatch.any()) || (ifMatch != null && !ifMatch.matches(timestamp))) {
                                    throw withTimestamp(KintoError.modifiedMeanwhile(null), timestamp);
                                }
                                ListParams params = queryParser.parse(request.query());
                                rejectHiddenFields(path.kind(), params);
                                return consumeDeleteToken(params).chain(() -> deletePage(request, params, access, timestamp));
                            }));
                });
    }

    private Uni<Void> consumeDeleteToken(ListParams params) {
        if (params.token() == null) {
            return Uni.createFrom().voidItem();
        }
        return cache.delete(tokenKey(params.token())).map(existed -> {
            if (!existed) {
                throw KintoError.invalid(new ValidationEntry("querystring", null, "_token was already used or has expired."));
            }
            return null;
        });
    }

    private static String tokenKey(PaginationToken token) {
        return "pagination-token:" + token.nonce();
    }

    private Uni<ResourceResponse> deletePage(ResourceRequest request, ListParams params, Authorizer.Access access,
                                             long timestamp) {
        ResourcePath path = request.path();
        String resource = path.kind().name();
        int limit = lists.effectiveLimit(params.limit());
        List<Filter> filters = restrict(path.kind().hooks().listFilters(params.filters()), access);
        List<List<Filter>> rules = params.token() == null ? List.of() : params.token().rules(params.sorting());
        return storage.listAll(resource, parentOf(path), new ListQuery(filters, params.sorting(), rules, limit + 1), false)
                .chain(candidates -> storage.deleteAll(resource, parentOf(path),
                                new ListQuery(filters, params.sorting(), rules, limit), true)
                        .call(tombstones -> cascadeAll(path, tombstones))
                        .chain(tombstones -> {
                            ResourceResponse response = new ResourceResponse(200, null);
                            long newest = timestamp;
                            ArrayNode data = JSON.arrayNode();
                            Map<String, ObjectNode> before = new java.util.HashMap<>();
                            candidates.forEach(object -> before.put(object.get("id").asText(), object));
                            List<Impacted> impacted = new ArrayList<>();
                            for (ObjectNode tombstone : tombstones) {
                                newest = Math.max(newest, tombstone.get(LAST_MODIFIED).longValue());
                                data.add(tombstone);
                                impacted.add(new Impacted(before.get(tombstone.get("id").asText()), tombstone));
                            }
                            events.emit(impacted.isEmpty() ? Events.READ : Events.DELETE, path, parentOf(path), newest,
                                    request.identity(), impacted);
                            ObjectNode body = JSON.objectNode();
                            body.set("data", data);
                            withTimestamp(response, newest);
                            if (candidates.size() > limit) {
                                long offset = (params.token() == null ? 0 : params.token().offset()) + limit;
                                PaginationToken next = PaginationToken.next(
                                        PaginationToken.lastObject(candidates.get(limit - 1), params.sorting()), offset);
                                response.header("Next-Page", lists.nextPageUrl(request, limit, next));
                                return cache.set(tokenKey(next), "1", Duration.ofSeconds(settings.paginationTokenValiditySeconds()))
                                        .map(x -> new ResourceResponse(200, body, response.headers()));
                            }
                            return Uni.createFrom().item(new ResourceResponse(200, body, response.headers()));
                        }));
    }

    /**
     * The cascades of a list deletion. Leaves without change hooks (records) only lose their ACLs: one statement
     * for all of them. Others go one after the other, as a stream: a chain of thousands of Unis would overflow the
     * stack when subscribed.
     */
    private Uni<Void> cascadeAll(ResourcePath plural, List<ObjectNode> tombstones) {
        if (tombstones.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        if (!kinds.isContainer(plural.kind()) && !plural.kind().hooks().hasChangeHook()) {
            String[] uris = tombstones.stream().map(t -> plural.withId(t.get("id").asText()).objectUri()).toArray(String[]::new);
            return permissions.deleteObjectPermissions(uris);
        }
        return io.smallrye.mutiny.Multi.createFrom().iterable(tombstones)
                .onItem().transformToUniAndConcatenate(t -> cascade(plural.withId(t.get("id").asText())))
                .collect().last().replaceWithVoid();
    }

    // ---------------------------------------------------------------- object endpoints

    private Uni<ResourceResponse> get(ResourceRequest request) {
        ResourcePath path = request.path();
        List<String> fields = fieldsOf(request);
        return authorize(request, path, "read")
                .chain(access -> {
                    // The parent check, the object and its ACL are independent reads: one round of queries.
                    boolean validId = path.kind().ids().accepts(path.id());
                    Uni<Optional<StoredObject>> found = validId
                            ? ahead.take(new Storage.Key(path.kind().name(), parentOf(path), path.id()),
                                    () -> storage.getStored(path.kind().name(), parentOf(path), path.id()))
                            : Uni.createFrom().item(Optional.empty());
                    Uni<Map<String, Set<String>>> acl = validId && fields == null
                            ? permissions.getObjectPermissions(path.objectUri())
                            : Uni.createFrom().item(Map.of());
                    return Uni.combine().all().unis(existingParent(path), found, acl).asTuple();
                })
                .map(reads -> {
                    validateId(path);
                    Precondition ifMatch = Precondition.parse("If-Match", request.header("if-match"));
                    Precondition ifNoneMatch = Precondition.parse("If-None-Match", request.header("if-none-match"));
                    StoredObject stored = reads.getItem2()
                            .orElseThrow(() -> KintoError.objectNotFound(path.id(), path.kind().name()));
                    long lastModified = stored.lastModified();
                    if (ifNoneMatch != null && !ifNoneMatch.any() && ifNoneMatch.timestamp() == lastModified) {
                        return notModified(lastModified);
                    }
                    checkPreconditions(lastModified, stored::node, ifMatch, ifNoneMatch);
                    ResourceResponse response;
                    if (showsAsStored(path.kind(), fields) && stored.json() != null) {
                        response = envelope(request, path, sentAsStored(stored), reads.getItem3(), 200);
                    } else {
                        ObjectNode object = stored.node();
                        read(request, path, object);
                        response = fields != null
                                ? new ResourceResponse(200, dataOnly(Fields.project(path.kind().present(object), fields)))
                                : withAcl(request, path, object, reads.getItem3(), 200);
                    }
                    withTimestamp(response, lastModified);
                    return lists.cacheHeaders(response, request, reads.getItem1().orElse(null));
                });
    }

    private Uni<ResourceResponse> create(ResourceRequest original) {
        ResourcePath plural = original.path();
        JsonNode originalBody = original.body();
        JsonNode idNode = originalBody != null && originalBody.path("data").isObject() ? originalBody.get("data").get("id") : null;
        String requestedId = idNode != null && idNode.isTextual() ? idNode.textValue() : null;
        return requireParent(plural)
                .chain(() -> requestedId == null || !plural.kind().ids().accepts(requestedId)
                        ? Uni.createFrom().item(Optional.<ObjectNode>empty())
                        : storage.get(plural.kind().name(), parentOf(plural.withId(requestedId)), requestedId))
                .chain(existing -> existing.isPresent()
                        ? authorize(original, plural.withId(requestedId), "read")
                        : authorize(original, plural, "create"))
                .chain(access -> prepared(original))
                .chain(request -> {
                    JsonNode body = request.body();
                    Envelope envelope = Envelope.parse(body, plural.kind());
                    if (idNode != null && (requestedId == null || !plural.kind().ids().accepts(requestedId))) {
                        throw invalidId();
                    }
                    Precondition ifMatch = Precondition.parse("If-Match", request.header("if-match"));
                    Precondition ifNoneMatch = Precondition.parse("If-None-Match", request.header("if-none-match"));
                    return events.unit(() -> (requestedId == null
                            ? Uni.createFrom().item(Optional.<ObjectNode>empty())
                            : storage.get(plural.kind().name(), parentOf(plural.withId(requestedId)), requestedId))
                            .chain(existing -> {
                                if (existing.isPresent()) {
                                    ObjectNode object = existing.get();
                                    checkPreconditions(object, ifMatch, ifNoneMatch);
                                    ResourcePath path = plural.withId(requestedId);
                                    read(request, plural, object);
                                    return withPermissions(request, path, object, 200)
                                            .map(r -> withTimestamp(r, object.get(LAST_MODIFIED).longValue()));
                                }
                                if (ifMatch != null) {
                                    return storage.resourceTimestamp(plural.kind().name(), parentOf(plural))
                                            .map(ts -> {
                                                throw withTimestamp(KintoError.modifiedMeanwhile(null), ts);
                                            });
                                }
                                String id = requestedId != null ? requestedId : plural.kind().ids().generate();
                                ObjectNode data = envelope.hasData() ? envelope.data().deepCopy() : JSON.objectNode();
                                data.put("id", id);
                                keepForcedTimestamp(data, null);
                                if (envelope.hasData()) {
                                    plural.kind().hooks().validate(data, null, "data.");
                                }
                                ResourcePath path = plural.withId(id);
                                // The ACL of the new object and the object are written together (one round trip on
                                // PostgreSQL), the ACL first: inserting the object takes its list's lock, which is
                                // then held only until the commit.
                                Map<String, Set<String>> acl = newObjectAcl(request.identity(), path, envelope.permissions());
                                return schemas.validate(path, data)
                                        .chain(() -> Uni.combine().all().unis(
                                                permissions.replaceObjectPermissions(path.objectUri(), acl),
                                                storage.create(plural.kind().name(), parentOf(path), data)
                                                        .onFailure(UnicityException.class).transform(e -> KintoError.conflict()))
                                                .asTuple().map(Tuple2::getItem2))
                                        .call(created -> changed(path, null, created))
                                        .invoke(created -> emit(Events.CREATE, request, plural, null, created))
                                        .map(created -> withTimestamp(withAcl(request, path, created, acl, 201),
                                                created.get(LAST_MODIFIED).longValue()));
                            }));
                });
    }

    private Uni<ResourceResponse> put(ResourceRequest request) {
        ResourcePath path = request.path();
        Precondition ifNoneMatch = Precondition.parse("If-None-Match", request.header("if-none-match"));
        return requireParent(path)
                .chain(() -> lookupAhead(path))
                .chain(existing -> existing.isPresent() && (ifNoneMatch == null || !ifNoneMatch.any())
                        ? authorize(request, path, WRITE)
                        : authorize(request, path.plural(), "create"))
                .chain(access -> {
                    validateId(path);
                    return prepared(request);
                })
                .chain(prepared -> {
                    Envelope envelope = Envelope.parse(prepared.body(), path.kind());
                    Precondition ifMatch = Precondition.parse("If-Match", request.header("if-match"));
                    // The object and its ACL are read together (one round trip on PostgreSQL, with the list lock).
                    return events.unit(() -> Uni.combine().all().unis(lookup(path), permissions.getObjectPermissions(path.objectUri()))
                            .asTuple().chain(found -> {
                        Optional<ObjectNode> existing = found.getItem1();
                        if (existing.isEmpty() && ifMatch != null) {
                            return storage.resourceTimestamp(path.kind().name(), parentOf(path)).map(ts -> {
                                throw withTimestamp(KintoError.modifiedMeanwhile(null), ts);
                            });
                        }
                        existing.ifPresent(object -> checkPreconditions(object, ifMatch, ifNoneMatch));
                        ObjectNode data;
                        if (envelope.hasData()) {
                            data = envelope.data().deepCopy();
                            checkBodyId(data, path.id());
                        } else {
                            data = existing.map(ObjectNode::deepCopy).orElseGet(JSON::objectNode);
                            data.remove(LAST_MODIFIED);
                        }
                        data.put("id", path.id());
                        keepForcedTimestamp(data, existing.orElse(null));
                        if (envelope.hasData()) {
                            path.kind().hooks().validate(data, existing.orElse(null), "data.");
                        }
                        Map<String, List<String>> requested = replacedAcl(path.kind(), envelope.permissions());
                        // A new object has no ACL entries yet (deletions remove them): its ACL is written whole.
                        AclWrite acl = existing.isPresent()
                                ? aclWrite(request.identity(), path, requested, found.getItem2())
                                : new AclWrite(newObjectAcl(request.identity(), path, requested), null);
                        return schemas.validate(path, data)
                                .chain(() -> writtenWithAcl(path, acl, existing.isEmpty(),
                                        storage.update(path.kind().name(), parentOf(path), path.id(), data)))
                                .call(stored -> changed(path, existing.orElse(null), stored))
                                .invoke(stored -> emit(existing.isPresent() ? Events.UPDATE : Events.CREATE, request, path,
                                        existing.orElse(null), stored))
                                .map(stored -> withTimestamp(existing.isPresent()
                                                ? withAcl(request, path, stored, acl.after(), 200)
                                                : withAcl(request, path, stored, acl.changes(), 201),
                                        stored.get(LAST_MODIFIED).longValue()));
                    }));
                });
    }

    private Uni<ResourceResponse> patch(ResourceRequest request) {
        ResourcePath path = request.path();
        return authorizeObjectWrite(request, path)
                .chain(access -> {
                    validateId(path);
                    return prepared(request);
                })
                .chain(prepared -> {
                    ObjectPatch patch = ObjectPatch.parse(request.contentType(), prepared.body(), path.kind());
                    String behavior = responseBehavior(request);
                    Precondition ifMatch = Precondition.parse("If-Match", request.header("if-match"));
                    Precondition ifNoneMatch = Precondition.parse("If-None-Match", request.header("if-none-match"));
                    // The object and its ACL are read together (one round trip on PostgreSQL, with the list lock).
                    return events.unit(() -> Uni.combine().all().unis(fetch(path), permissions.getObjectPermissions(path.objectUri()))
                            .asTuple().chain(found -> {
                            ObjectNode existing = found.getItem1();
                            Map<String, Set<String>> currentAcl = found.getItem2();
                            checkPreconditions(existing, ifMatch, ifNoneMatch);
                            ObjectPatch.Result result = patch.apply(existing, currentAcl);
                            ObjectNode data = result.data();
                            checkBodyId(data, path.id());
                            data.put("id", path.id());
                            keepForcedTimestamp(data, existing);
                            path.kind().hooks().validate(data, existing, "");
                            AclWrite acl = aclWrite(request.identity(), path, result.permissions(), currentAcl);
                            return schemas.validate(path, data)
                                    .chain(() -> writtenWithAcl(path, acl, false,
                                            storage.update(path.kind().name(), parentOf(path), path.id(), data)))
                                    .call(stored -> changed(path, existing, stored))
                                    .invoke(stored -> emit(Events.UPDATE, request, path, existing, stored))
                                    .map(stored -> withTimestamp("full".equals(behavior)
                                                    ? withAcl(request, path, stored, acl.after(), 200)
                                                    : new ResourceResponse(200, dataOnly(path.kind().present(
                                                    patch.partialResponse(behavior, existing, stored)))),
                                            stored.get(LAST_MODIFIED).longValue()));
                    }));
                });
    }

    private Uni<ResourceResponse> delete(ResourceRequest request) {
        ResourcePath path = request.path();
        return authorizeObjectWrite(request, path)
                .chain(access -> {
                    validateId(path);
                    String forcedParam = request.queryValue(LAST_MODIFIED);
                    Long forced = forcedParam == null ? null : QueryParser.typedInteger(LAST_MODIFIED, forcedParam);
                    Precondition ifMatch = Precondition.parse("If-Match", request.header("if-match"));
                    Precondition ifNoneMatch = Precondition.parse("If-None-Match", request.header("if-none-match"));
                    return events.unit(() -> fetch(path).chain(existing -> {
                        checkPreconditions(existing, ifMatch, ifNoneMatch);
                        long current = existing.get(LAST_MODIFIED).longValue();
                        Long tombstoneTimestamp = forced != null && forced > current ? forced : null;
                        // The tombstone and the removal of what hangs on the object (its ACL; a container's
                        // children) go out together, in this order, without waiting for each other: one round trip on
                        // PostgreSQL for a record. The object exists (read above, under its list's lock), so the
                        // tombstone cannot miss it; should a statement fail, the whole unit is rolled back.
                        return Uni.combine().all().unis(
                                        storage.delete(path.kind().name(), parentOf(path), path.id(), true, tombstoneTimestamp),
                                        cascade(path))
                                .asTuple().map(Tuple2::getItem1)
                                .invoke(tombstone -> emit(Events.DELETE, request, path, existing, tombstone))
                                .map(tombstone -> withTimestamp(new ResourceResponse(200, dataOnly(tombstone)),
                                        tombstone.get(LAST_MODIFIED).longValue()));
                    }));
                });
    }

    /**
     * Creates an empty object if it does not exist, without access checks, as the default bucket plugin creates
     * the personal bucket and its collections (plugins.md §1.2); the owner rule applies.
     */
    public Uni<Void> createImplicitly(ResourcePath path, Identity identity) {
        // Known to exist earlier in the request (a batch writing many records there): nothing to do.
        return events.unit(() -> parents.get(path.objectUri(), () -> lookup(path)).chain(existing -> {
            if (existing.isPresent()) {
                return Uni.createFrom().voidItem();
            }
            ObjectNode data = JSON.objectNode().put("id", path.id());
            path.kind().hooks().validate(data, null, "data.");
            return storage.create(path.kind().name(), parentOf(path), data)
                    .call(created -> changed(path, null, created))
                    .invoke(created -> events.emit(Events.CREATE, path, parentOf(path),
                            created.get(LAST_MODIFIED).longValue(), identity, List.of(new Impacted(null, created))))
                    .chain(created -> permissions.replaceObjectPermissions(path.objectUri(), newObjectAcl(identity, path, null)));
        }));
    }

    // ---------------------------------------------------------------- shared steps

    private Uni<Authorizer.Access> authorize(ResourceRequest request, ResourcePath target, String permission) {
        return authorize(request.identity(), target, permission);
    }

    private Uni<Authorizer.Access> authorize(Identity identity, ResourcePath target, String permission) {
        return authorizer.authorize(identity, target, permission).map(access -> {
            if (!access.allowed()) {
                throw identity.isAnonymous() ? KintoError.unauthorized() : KintoError.forbidden();
            }
            return access;
        });
    }

    /**
     * The permission check of a PUT on {@code path} ({@code write} on the object, or {@code create} on its list
     * when it does not exist yet), for a write whose body is not read before it is allowed (an upload).
     */
    public Uni<Void> requireWritable(ResourcePath path, Identity identity) {
        return requireParent(path, Uni.createFrom().item(identity))
                .chain(() -> lookupAhead(path))
                .chain(existing -> existing.isPresent() ? authorize(identity, path, WRITE) : authorize(identity, path.plural(), "create"))
                .replaceWithVoid();
    }

    /**
     * PATCH and DELETE of an object: {@code write} on it, or, when it does not exist, the right to read its list so
     * that the answer can be 404 without revealing anything (permissions.md §4.2). Records need their collection
     * first (api.md §10).
     */
    private Uni<Authorizer.Access> authorizeObjectWrite(ResourceRequest request, ResourcePath path) {
        return requireParent(path)
                .chain(() -> lookupAhead(path))
                .chain(existing -> existing.isPresent()
                        ? authorize(request, path, WRITE)
                        : authorize(request, path.plural(), Authorizer.LIST));
    }

    private static Uni<ResourceRequest> prepared(ResourceRequest request) {
        return request.path().kind().hooks().prepareBody(request).map(request::withBody);
    }

    /** 404 errno 111 when the kind needs its parent (records need their collection) and it is missing. */
    public Uni<Void> requireParent(ResourcePath path) {
        return existingParent(path).replaceWithVoid();
    }

    /**
     * {@link #requireParent} for a write, without revealing what exists: a missing parent is 404 only to whoever may
     * read the parent's own parent (a record's bucket); anyone else gets the 401/403 an existing parent would give.
     * Kinto answers 404 here; we do not let strangers probe for collection ids.
     */
    public Uni<Void> requireParent(ResourcePath path, Uni<Identity> identity) {
        return requireParent(path).onFailure(KintoError.class).recoverWithUni(failure -> {
            ResourcePath parent = path.parentPath();
            if (((KintoError) failure).status != 404 || parent.parentPath() == null) {
                return Uni.createFrom().failure(failure);
            }
            return identity.chain(user -> authorizer.authorize(user, parent.parentPath(), "read").map(access -> {
                if (!access.allowed()) {
                    throw user.isAnonymous() ? KintoError.unauthorized() : KintoError.forbidden();
                }
                throw (KintoError) failure;
            }));
        });
    }

    /** {@link #requireParent}, keeping the parent it read (reads use a collection's cache_expires); empty if unchecked. */
    private Uni<Optional<ObjectNode>> existingParent(ResourcePath path) {
        if (!path.kind().parentMustExist()) {
            return Uni.createFrom().item(Optional.empty());
        }
        ResourcePath parent = path.parentPath();
        return parents.get(parent.objectUri(), () -> storage.peek(parent.kind().name(), parentOf(parent), parent.id())).map(found -> {
            if (found.isEmpty()) {
                throw KintoError.missingParent(parent.id(), parent.kind().name());
            }
            return found;
        });
    }

    /** Where the objects of a path are stored (storage.md: parent id), as the kind decides. */
    private static String parentOf(ResourcePath path) {
        return path.kind().hooks().storageParent(path);
    }

    /** {@link #lookup} before a write's unit of work: what was read ahead, when it was. */
    private Uni<Optional<ObjectNode>> lookupAhead(ResourcePath path) {
        if (!path.kind().ids().accepts(path.id())) {
            return Uni.createFrom().item(Optional.empty());
        }
        return ahead.<Optional<StoredObject>>take(new Storage.Key(path.kind().name(), parentOf(path), path.id()),
                () -> lookup(path).map(found -> found.map(StoredObject::of))).map(found -> found.map(StoredObject::node));
    }

    private Uni<Optional<ObjectNode>> lookup(ResourcePath path) {
        if (!path.kind().ids().accepts(path.id())) {
            return Uni.createFrom().item(Optional.empty());
        }
        return storage.get(path.kind().name(), parentOf(path), path.id());
    }

    private Uni<ObjectNode> fetch(ResourcePath path) {
        return storage.get(path.kind().name(), parentOf(path), path.id()).map(found ->
                found.orElseThrow(() -> KintoError.objectNotFound(path.id(), path.kind().name())));
    }

    private static void validateId(ResourcePath path) {
        if (!path.kind().ids().accepts(path.id())) {
            throw invalidId();
        }
    }

    private static KintoError invalidId() {
        return KintoError.invalid(new ValidationEntry("path", null, "Invalid object id"));
    }

    private static void checkBodyId(ObjectNode data, String id) {
        JsonNode bodyId = data.get("id");
        if (bodyId != null && !(bodyId.isTextual() && bodyId.textValue().equals(id))) {
            throw KintoError.invalidBody("id", "Object id does not match existing object");
        }
    }

    /** sync.md §2: a client {@code last_modified} counts only if integral and newer than the stored one. */
    private static void keepForcedTimestamp(ObjectNode data, ObjectNode existing) {
        JsonNode forced = data.get(LAST_MODIFIED);
        if (forced == null) {
            return;
        }
        boolean usable = forced.isIntegralNumber() && forced.canConvertToLong() && forced.longValue() >= 0
                && (existing == null || forced.longValue() > existing.get(LAST_MODIFIED).longValue());
        if (!usable) {
            data.remove(LAST_MODIFIED);
        }
    }

    private static void checkPreconditions(ObjectNode existing, Precondition ifMatch, Precondition ifNoneMatch) {
        checkPreconditions(existing.get(LAST_MODIFIED).longValue(), () -> existing, ifMatch, ifNoneMatch);
    }

    /** {@code existing}: the object, asked for only when a precondition fails (its 412 shows it). */
    private static void checkPreconditions(long current, Supplier<ObjectNode> existing, Precondition ifMatch,
                                           Precondition ifNoneMatch) {
        if ((ifNoneMatch != null && ifNoneMatch.any()) || (ifMatch != null && !ifMatch.matches(current))) {
            throw withTimestamp(KintoError.modifiedMeanwhile(existing.get()), current);
        }
    }

    /**
     * Whether a read response shows its objects exactly as stored, so that a backend's text of them can be sent
     * as it is: no {@code _fields} projection, no hidden fields to remove, and no listener of reads (they are given
     * the objects as trees).
     */
    private boolean showsAsStored(ResourceKind kind, List<String> fields) {
        return fields == null && kind.hooks().hiddenFields().isEmpty() && !events.wantsReads(kind.name());
    }

    /** The object's stored text, written into the response as it is (not parsed and written again). */
    private static JsonNode sentAsStored(StoredObject object) {
        return JSON.rawValueNode(object.raw());
    }

    /**
     * Hidden fields (account passwords) cannot be probed through filters or sorting, and kinds with a fixed schema
     * (history) refuse unknown fields.
     */
    private static void rejectHiddenFields(ResourceKind kind, ListParams params) {
        Set<String> hidden = kind.hooks().hiddenFields();
        Set<String> queryable = kind.hooks().queryableFields();
        if (hidden.isEmpty() && queryable == null) {
            return;
        }
        java.util.function.Predicate<String> refused = field -> {
            String root = field.split("\\.", 2)[0];
            return hidden.contains(root) || (queryable != null && !queryable.contains(root));
        };
        for (Filter filter : params.filters()) {
            if (refused.test(filter.field())) {
                throw KintoError.invalidQuery(filter.field(), "Unknown field");
            }
        }
        for (Sort sort : params.sorting()) {
            if (refused.test(sort.field())) {
                throw KintoError.invalidQuery("_sort", "Unknown sort field '" + sort.field() + "'");
            }
        }
        if (queryable != null && params.fields() != null) {
            for (String field : params.fields()) {
                if (refused.test(field)) {
                    throw KintoError.invalidQuery("_fields", "Unknown field '" + field + "'");
                }
            }
        }
    }

    private static List<Filter> restrict(List<Filter> filters, Authorizer.Access access) {
        if (access.sharedIds() == null) {
            return filters;
        }
        List<Filter> restricted = new ArrayList<>(filters);
        ArrayNode ids = JSON.arrayNode();
        access.sharedIds().forEach(ids::add);
        restricted.add(new Filter("id", ids, Operator.IN));
        return restricted;
    }

    private static List<String> fieldsOf(ResourceRequest request) {
        String raw = request.queryValue("_fields");
        if (raw == null || QueryParser.absent("_fields", raw)) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        for (String field : raw.split(",")) {
            if (!field.isBlank()) {
                fields.add(field.trim());
            }
        }
        return fields;
    }

    private static String responseBehavior(ResourceRequest request) {
        String value = request.header("response-behavior");
        if (value == null) {
            return "full";
        }
        String behavior = value.trim().toLowerCase(java.util.Locale.ROOT);
        if (!List.of("full", "light", "diff").contains(behavior)) {
            throw KintoError.invalid(ValidationEntry.header("Response-Behavior", "\"" + value + "\" is not one of full, light, diff"));
        }
        return behavior;
    }

    /** One object created, updated or deleted through {@code endpoint} (events.md §3); objects never show permissions. */
    private void emit(String action, ResourceRequest request, ResourcePath endpoint, ObjectNode before, ObjectNode after) {
        events.emit(action, endpoint, parentOf(endpoint), after.get(LAST_MODIFIED).longValue(), request.identity(),
                List.of(new Impacted(before, after)));
    }

    /** A read of one object, reported only to listeners of reads, with the object's timestamp (not the list's: no query). */
    private void read(ResourceRequest request, ResourcePath endpoint, ObjectNode object) {
        if (events.wantsReads(endpoint.kind().name())) {
            events.emit(Events.READ, endpoint, parentOf(endpoint), object.get(LAST_MODIFIED).longValue(),
                    request.identity(), List.of(new Impacted(null, object)));
        }
    }

    private static List<Impacted> readObjects(ResourceResponse response) {
        List<Impacted> objects = new ArrayList<>();
        if (response.body() != null && response.body().has("data")) {
            response.body().get("data").forEach(object -> objects.add(new Impacted(null, (ObjectNode) object)));
        }
        return objects;
    }

    private Uni<Void> changed(ResourcePath path, ObjectNode before, ObjectNode after) {
        if (kinds.isContainer(path.kind())) {
            parents.forget();
        }
        return path.kind().hooks().changed(permissions, path.objectUri(), before, after);
    }

    /** Deleting a container removes everything below it, without tombstones (api.md §11). */
    private Uni<Void> cascade(ResourcePath object) {
        String uri = object.objectUri();
        Uni<Void> deleted = object.kind().hooks().changed(permissions, uri, null, null);
        if (!kinds.isContainer(object.kind())) {
            return deleted.chain(() -> permissions.deleteObjectPermissions(uri));
        }
        parents.forget();
        return deleted.chain(() -> events.cascading(object))
                .chain(() -> childrenDeleted(uri))
                .chain(() -> storage.deleteAll(null, uri, ListQuery.ALL, false))
                .chain(() -> storage.deleteAll(null, uri + "/*", ListQuery.ALL, false))
                .chain(() -> storage.purgeDeleted(null, uri, null, null))
                .chain(() -> storage.purgeDeleted(null, uri + "/*", null, null))
                .chain(() -> permissions.deleteObjectPermissions(uri, uri + "/*"));
    }

    /** Runs the change hooks of the direct children a cascade is about to remove (a bucket's groups). */
    private Uni<Void> childrenDeleted(String containerUri) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ResourceKind kind : kinds.all()) {
            if (kind.parent() == null || !kind.hooks().hasChangeHook()) {
                continue;
            }
            chain = chain.chain(() -> storage.listAll(kind.name(), containerUri, ListQuery.ALL, false))
                    .chain(children -> {
                        Uni<Void> each = Uni.createFrom().voidItem();
                        for (ObjectNode child : children) {
                            String childUri = containerUri + "/" + kind.segment() + "/" + child.get("id").asText();
                            each = each.chain(() -> kind.hooks().changed(permissions, childUri, child, null));
                        }
                        return each;
                    });
        }
        return chain;
    }

    /** The ACL a PUT writes: with a non-empty permissions body every permission is replaced (absent = emptied). */
    private static Map<String, List<String>> replacedAcl(ResourceKind kind, Map<String, List<String>> requested) {
        if (requested == null || requested.values().stream().allMatch(v -> v == null)) {
            return Map.of();
        }
        Map<String, List<String>> acl = new LinkedHashMap<>();
        for (String permission : kind.permissions()) {
            List<String> principals = requested.get(permission);
            acl.put(permission, principals == null ? List.of() : principals);
        }
        return acl;
    }

    /**
     * The ACL of a new object: the requested permissions (empty ones are no entries) and, with the owner rule
     * (permissions.md §5), the requester among the writers. A new object has no ACL entries yet: deletions remove them.
     */
    private Map<String, Set<String>> newObjectAcl(Identity identity, ResourcePath path, Map<String, List<String>> requested) {
        Map<String, Set<String>> acl = new TreeMap<>();
        if (requested != null) {
            requested.forEach((permission, principals) -> {
                if (principals != null && !principals.isEmpty()) {
                    acl.put(permission, new TreeSet<>(principals));
                }
            });
        }
        if (settings.explicitPermissions()) {
            acl.computeIfAbsent(WRITE, k -> new TreeSet<>()).add(path.kind().hooks().owner(path, identity));
        }
        return acl;
    }

    /** The permissions a write of an existing object sets, with the owner rule when it applies (permissions.md §5). */
    private AclWrite aclWrite(Identity identity, ResourcePath path, Map<String, List<String>> requested,
                              Map<String, Set<String>> current) {
        String owner = settings.explicitPermissions() ? path.kind().hooks().owner(path, identity) : null;
        return AclWrite.of(requested, current, owner);
    }

    /**
     * The object write and its ACL write sent together (one round trip on PostgreSQL), the ACL first as for a
     * creation; an existing object's ACL is only written when something changes.
     */
    private Uni<ObjectNode> writtenWithAcl(ResourcePath path, AclWrite acl, boolean created, Uni<ObjectNode> write) {
        if (!created && acl.changes().isEmpty()) {
            return write;
        }
        return Uni.combine().all().unis(permissions.replaceObjectPermissions(path.objectUri(), acl.changes()), write)
                .asTuple().map(Tuple2::getItem2);
    }

    /** {"permissions": own ACL if the requester is among its writers, else {}, "data": object}. */
    private Uni<ResourceResponse> withPermissions(ResourceRequest request, ResourcePath path, ObjectNode object, int status) {
        return permissions.getObjectPermissions(path.objectUri()).map(acl -> withAcl(request, path, object, acl, status));
    }

    private static ResourceResponse withAcl(ResourceRequest request, ResourcePath path, ObjectNode object,
                                            Map<String, Set<String>> acl, int status) {
        return envelope(request, path, path.kind().present(object), acl, status);
    }

    /** {@link #withAcl} of the object as the response shows it ({@code data}). */
    private static ResourceResponse envelope(ResourceRequest request, ResourcePath path, JsonNode data,
                                             Map<String, Set<String>> acl, int status) {
        ObjectNode body = JSON.objectNode();
        ObjectNode visible = body.putObject("permissions");
        Set<String> writers = acl.getOrDefault(WRITE, Set.of());
        // Kinto also counts the principal its owner rule writes: an account created anonymously or by an
        // administrator shows its own principal among the writers.
        if (request.identity().principals().stream().anyMatch(writers::contains)
                || writers.contains(path.kind().hooks().owner(path, request.identity()))) {
            acl.forEach((permission, principals) -> {
                ArrayNode list = visible.putArray(permission);
                principals.forEach(list::add);
            });
        }
        body.set("data", data);
        return new ResourceResponse(status, body);
    }

    private static ObjectNode dataOnly(JsonNode data) {
        ObjectNode body = JSON.objectNode();
        body.set("data", data);
        return body;
    }

    private static ResourceResponse notModified(long timestamp) {
        return withTimestamp(new ResourceResponse(304, null), timestamp);
    }

    static ResourceResponse withTimestamp(ResourceResponse response, long timestamp) {
        response.header("ETag", "\"" + timestamp + "\"");
        response.header("Last-Modified", HttpDates.format(timestamp));
        return response;
    }

    static KintoError withTimestamp(KintoError error, long timestamp) {
        error.header("ETag", "\"" + timestamp + "\"");
        error.header("Last-Modified", HttpDates.format(timestamp));
        return error;
    }
}
