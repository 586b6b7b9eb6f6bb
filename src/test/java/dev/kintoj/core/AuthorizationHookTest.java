package dev.kintoj.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintoj.cache.memory.MemoryCache;
import dev.kintoj.permission.memory.MemoryPermissionBackend;
import dev.kintoj.storage.memory.MemoryStorage;
import dev.kintoj.events.Events;
import dev.kintoj.storage.memory.MemoryTransactions;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The engine asks the {@link Authorizer} before touching data, with the target and permission of
 * permissions.md §4.1, and turns refusals into 401/403 (the permissions issue plugs the real ACL checks in here).
 */
class AuthorizationHookTest {

    private static final Identity ALICE = new Identity("basicauth:alice", List.of("basicauth:alice", Identity.EVERYONE, Identity.AUTHENTICATED));

    private final List<String> asked = new ArrayList<>();
    private BiFunction<ResourcePath, String, Authorizer.Access> decision = (target, permission) -> Authorizer.Access.ALLOWED;
    private ObjectService service;
    private final ResourceKinds kinds = new ResourceKinds(CoreKinds.ALL);

    @BeforeEach
    void engine() {
        Authorizer recording = (identity, target, permission) -> {
            asked.add(permission + " " + (target.isPlural() ? target.listUri() : target.objectUri()));
            return Uni.createFrom().item(decision.apply(target, permission));
        };
        EngineSettings settings = new EngineSettings(null, null) {
            @Override
            public Optional<Integer> paginateBy() {
                return Optional.empty();
            }

            @Override
            public int storageMaxFetchSize() {
                return 10000;
            }

            @Override
            public int paginationTokenValiditySeconds() {
                return 600;
            }

            @Override
            public boolean explicitPermissions() {
                return true;
            }

            @Override
            public boolean schemaValidation() {
                return false;
            }

            @Override
            public Optional<Integer> integer(String key) {
                return Optional.empty();
            }
        };
        service = new ObjectService(new MemoryStorage(), new MemoryPermissionBackend(), new MemoryCache(""),
                new Events(new MemoryTransactions(), java.util.List.of()), new ParentLookups(new RequestMemo()), recording, kinds, settings, System::currentTimeMillis);
        call("PUT", "/buckets/b", null, ALICE);
        call("PUT", "/buckets/b/collections/c", null, ALICE);
        call("PUT", "/buckets/b/collections/c/records/r1", null, ALICE);
        call("PUT", "/buckets/b/collections/c/records/r2", null, ALICE);
        asked.clear();
    }

    private ResourceResponse call(String method, String path, String body, Identity identity) {
        JsonNode json = body == null ? null : Json.parseOrNull(body);
        ResourceRequest request = new ResourceRequest(method, kinds.parse(path).orElseThrow(), List.of(), Map.of(),
                json, body == null ? null : "application/json", identity, "http://localhost/v1" + path);
        return service.handle(request).await().indefinitely();
    }

    /** The body as the client reads it: objects the backend sent as stored text are raw values in the tree. */
    private static JsonNode sent(ResourceResponse response) {
        return Json.parseOrNull(Json.write(response.body()));
    }

    @Test
    void eachOperationAsksForThePermissionOfTheSpec() {
        call("GET", "/buckets/b/collections/c/records", null, ALICE);
        call("GET", "/buckets/b/collections/c/records/r1", null, ALICE);
        call("POST", "/buckets/b/collections/c/records", "{\"data\": {}}", ALICE);
        call("POST", "/buckets/b/collections/c/records", "{\"data\": {\"id\": \"r1\"}}", ALICE);
        call("PUT", "/buckets/b/collections/c/records/r1", "{\"data\": {}}", ALICE);
        call("PUT", "/buckets/b/collections/c/records/new", "{\"data\": {}}", ALICE);
        call("PATCH", "/buckets/b/collections/c/records/r1", "{\"data\": {\"a\": 1}}", ALICE);
        call("DELETE", "/buckets/b/collections/c/records/r1", null, ALICE);
        call("DELETE", "/buckets/b/collections/c/records", null, ALICE);
        assertEquals(List.of(
                "read /buckets/b/collections/c/records",
                "read /buckets/b/collections/c/records/r1",
                "create /buckets/b/collections/c/records",
                "read /buckets/b/collections/c/records/r1",
                "write /buckets/b/collections/c/records/r1",
                "create /buckets/b/collections/c/records",
                "write /buckets/b/collections/c/records/r1",
                "write /buckets/b/collections/c/records/r1",
                "write /buckets/b/collections/c/records"), asked);
    }

    @Test
    void writingAMissingObjectAsksToReadItsList() {
        KintoError error = assertThrows(KintoError.class,
                () -> call("DELETE", "/buckets/b/collections/c/records/nope", null, ALICE));
        assertEquals(404, error.status);
        assertEquals(List.of("list /buckets/b/collections/c/records"), asked);
    }

    @Test
    void refusalsAre401ForAnonymousAnd403Otherwise() {
        decision = (target, permission) -> Authorizer.Access.DENIED;
        KintoError anonymous = assertThrows(KintoError.class, () -> call("GET", "/buckets/b", null, Identity.ANONYMOUS));
        assertEquals(401, anonymous.status);
        assertEquals(Errno.MISSING_AUTH_TOKEN, anonymous.errno);
        KintoError alice = assertThrows(KintoError.class, () -> call("GET", "/buckets/nope", null, ALICE));
        assertEquals(403, alice.status);
        assertEquals(Errno.FORBIDDEN, alice.errno);
        KintoError write = assertThrows(KintoError.class,
                () -> call("PUT", "/buckets/b/collections/c/records/r1", "{\"data\": {\"x\": 1}}", ALICE));
        assertEquals(403, write.status);
        decision = (target, permission) -> Authorizer.Access.ALLOWED;
        assertEquals(false, sent(call("GET", "/buckets/b/collections/c/records/r1", null, ALICE)).path("data").has("x"),
                "the refused PUT changed nothing");
    }

    @Test
    void recordWritesUnderAMissingCollectionAre404BeforeAuthorization() {
        decision = (target, permission) -> Authorizer.Access.DENIED;
        KintoError error = assertThrows(KintoError.class,
                () -> call("PUT", "/buckets/b/collections/gone/records/r", "{}", Identity.ANONYMOUS));
        assertEquals(404, error.status);
        assertEquals(Errno.MISSING_RESOURCE, error.errno);
        assertEquals(List.of(), asked);
    }

    @Test
    void sharedIdsRestrictListsAndListDeletions() {
        decision = (target, permission) -> target.isPlural() ? new Authorizer.Access(true, Set.of("r2")) : Authorizer.Access.ALLOWED;
        JsonNode listed = sent(call("GET", "/buckets/b/collections/c/records", null, ALICE)).get("data");
        assertEquals(1, listed.size());
        assertEquals("r2", listed.get(0).get("id").textValue());
        JsonNode deleted = sent(call("DELETE", "/buckets/b/collections/c/records", null, ALICE)).get("data");
        assertEquals(1, deleted.size());
        decision = (target, permission) -> Authorizer.Access.ALLOWED;
        assertEquals("r1", sent(call("GET", "/buckets/b/collections/c/records", null, ALICE)).get("data").get(0).get("id").textValue());
    }

    @Test
    void theRequesterBecomesAWriter() {
        JsonNode body = sent(call("PUT", "/buckets/b/groups/g", "{\"permissions\": {\"read\": [\"bob\"]}}", ALICE));
        assertEquals("[\"basicauth:alice\"]", body.get("permissions").get("write").toString());
        assertEquals("[\"bob\"]", body.get("permissions").get("read").toString());
    }
}
