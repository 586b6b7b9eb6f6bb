package dev.kintoj.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.cache.Cache;
import dev.kintoj.core.Errno;
import dev.kintoj.core.IdGenerator;
import dev.kintoj.core.Identity;
import dev.kintoj.core.Json;
import dev.kintoj.core.KintoError;
import dev.kintoj.core.ObjectPatch;
import dev.kintoj.core.ResourceKind;
import dev.kintoj.core.ResourcePath;
import dev.kintoj.core.ResourceRequest;
import dev.kintoj.permission.PermissionBackend;
import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The accounts plugin's resource (plugins.md §2.2–§2.3): {@code /accounts/{id}}, each account stored under its
 * own id as parent so that a user only ever reaches theirs; administrators (principals of
 * {@code account_write_principals}) reach all of them. Passwords are stored as bcrypt hashes and never shown.
 */
public final class Accounts implements ResourceKind.Hooks {

    public static final String RESOURCE = "account";
    public static final String POLICY = "account";
    static final String PASSWORD = "password";

    static final IdGenerator IDS = new IdGenerator() {
        private final Pattern pattern = Pattern.compile("^[a-zA-Z0-9][+.@a-zA-Z0-9_-]*$");

        @Override
        public String generate() {
            // Account ids are chosen by their users; a request without one is refused before this is reached.
            throw KintoError.invalidBody("data.id", "data.id in body: Required");
        }

        @Override
        public boolean accepts(String id) {
            return id != null && pattern.matcher(id).matches();
        }
    };

    private final Set<String> administrators;
    private final Cache cache;
    private final String hmacSecret;
    private final int bcryptCost;

    public Accounts(Set<String> administrators, Cache cache, String hmacSecret, int bcryptCost) {
        this.administrators = Set.copyOf(administrators);
        this.cache = cache;
        this.hmacSecret = hmacSecret;
        this.bcryptCost = Passwords.cost(bcryptCost);
    }

    public ResourceKind kind() {
        return new ResourceKind(RESOURCE, "accounts", null, false, IDS, List.of("read", "write"), this);
    }

    private boolean isAdministrator(Identity identity) {
        return identity.principals().stream().anyMatch(administrators::contains);
    }

    private static String username(Identity identity) {
        String userId = identity.userId();
        return userId != null && userId.startsWith(POLICY + ":") ? userId.substring(POLICY.length() + 1) : null;
    }

    @Override
    public void precheck(ResourceRequest request) {
        if (!request.path().isPlural()) {
            if (request.method().equals("PUT") && !request.path().kind().ids().accepts(request.path().id())) {
                return;
            }
            if (request.method().equals("PUT") && (request.body() == null || !request.body().path("data").isObject())) {
                // An account is replaced with its data, password included (the engine keeps stored data otherwise).
                throw KintoError.invalidBody("data." + PASSWORD, "Required");
            }
            return;
        }
        boolean anonymous = request.identity().isAnonymous();
        if (request.method().equals("POST")) {
            if ((anonymous || isAdministrator(request.identity())) && postedId(request.body()) == null) {
                throw KintoError.invalidBody("data.id", "data.id in body: Required");
            }
        } else if (anonymous) {
            throw new KintoError(401, Errno.UNDEFINED, "Cannot read accounts.", null, null);
        }
    }

    /** Hashes a given password; a user who is not an administrator may only create their own account. */
    @Override
    public Uni<JsonNode> prepareBody(ResourceRequest request) {
        Identity identity = request.identity();
        boolean creation = request.method().equals("POST") || request.method().equals("PUT");
        if (creation && !identity.isAnonymous() && !isAdministrator(identity)) {
            String id = request.path().isPlural() ? postedId(request.body()) : request.path().id();
            if (id == null || !id.equals(username(identity))) {
                throw KintoError.invalidBody("data.id", "Username and account ID do not match.");
            }
        }
        JsonNode body = request.body();
        if (body == null) {
            return Uni.createFrom().nullItem();
        }
        if (ObjectPatch.JSON_PATCH.equals(request.contentType()) && body.isArray()) {
            return hashInJsonPatch(body.deepCopy());
        }
        JsonNode password = body.path("data").path(PASSWORD);
        if (password.isTextual() && password.textValue().isEmpty()) {
            // Kinto's schema reads an empty string as a missing password (checked here: a hash is never empty).
            throw KintoError.invalidBody("data." + PASSWORD, "Required");
        }
        if (!password.isTextual()) {
            return Uni.createFrom().item(body);
        }
        ObjectNode copy = body.deepCopy();
        return Passwords.hash(password.textValue(), bcryptCost).map(hash -> {
            ((ObjectNode) copy.get("data")).put(PASSWORD, hash);
            return copy;
        });
    }

    private Uni<JsonNode> hashInJsonPatch(JsonNode operations) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (JsonNode operation : operations) {
            String name = operation.path("op").asText();
            if (operation instanceof ObjectNode op && (name.equals("add") || name.equals("replace"))
                    && ("/data/" + PASSWORD).equals(op.path("path").asText()) && op.path("value").isTextual()) {
                chain = chain.chain(() -> Passwords.hash(op.get("value").textValue(), bcryptCost).invoke(hash -> op.put("value", hash)).replaceWithVoid());
            }
        }
        return chain.map(x -> operations);
    }

    @Override
    public void validate(ObjectNode data, ObjectNode existing, String prefix) {
        JsonNode password = data.get(PASSWORD);
        if (password == null || password.isNull()) {
            throw KintoError.invalidBody(prefix + PASSWORD, "Required");
        }
        if (!password.isTextual()) {
            throw KintoError.invalidBody(prefix + PASSWORD, "\"" + Json.text(password) + "\" is not a string");
        }
    }

    /** A changed or deleted account must prove its password again (plugins.md §2.4 step 4). */
    @Override
    public Uni<Void> changed(PermissionBackend permissions, String objectUri, ObjectNode before, ObjectNode after) {
        if (before == null && after != null) {
            return Uni.createFrom().voidItem();
        }
        String username = objectUri.substring(objectUri.lastIndexOf('/') + 1);
        return cache.delete(AccountsPolicy.cacheKey(hmacSecret, username)).replaceWithVoid();
    }

    @Override
    public boolean hasChangeHook() {
        return true;
    }

    @Override
    public Set<String> hiddenFields() {
        return Set.of(PASSWORD);
    }

    /** The account's own principal is its writer, whoever created it (plugins.md §2.2). */
    @Override
    public String owner(ResourcePath path, Identity identity) {
        return POLICY + ":" + path.id();
    }

    /** Each account is stored with its id as parent; lists span all of them and are narrowed by permissions. */
    @Override
    public String storageParent(ResourcePath path) {
        return path.isPlural() ? "*" : path.id();
    }

    private static String postedId(JsonNode body) {
        JsonNode id = body == null ? null : body.path("data").get("id");
        return id != null && id.isTextual() ? id.textValue() : null;
    }
}
