package dev.kintoj.auth;

import dev.kintoj.core.Authorizer;
import dev.kintoj.core.Identity;
import dev.kintoj.core.ResourcePath;
import dev.kintoj.config.WhitespaceList;
import dev.kintoj.permission.PermissionBackend;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Kinto's authorization (permissions.md §3–§4): a permission is granted by the object's own ACL, by its
 * ancestors' ACLs following the inheritance table, or by {@code <resource>_<permission>_principals} settings;
 * list reads and deletions fall back to the children shared with the requester.
 */
public final class AclAuthorizer implements Authorizer {

    /** Kinto's defaults for the settings that have one (settings.md §6). */
    private static final Map<String, String> DEFAULT_PRINCIPALS = Map.of(
            "bucket_create_principals", Identity.AUTHENTICATED,
            "permissions_read_principals", Identity.EVERYONE);

    private final PermissionBackend permissions;
    private final Function<String, Optional<String>> settings;

    /** {@code settings}: an unprefixed Kinto setting name to its raw value. */
    public AclAuthorizer(PermissionBackend permissions, Function<String, Optional<String>> settings) {
        this.permissions = permissions;
        this.settings = settings;
    }

    @Override
    public Uni<Access> authorize(Identity identity, ResourcePath target, String permission) {
        Set<String> principals = new LinkedHashSet<>(identity.principals());
        return granted(principals, target, permission).chain(allowed -> {
            if (allowed) {
                return Uni.createFrom().item(Access.ALLOWED);
            }
            if (target.isPlural() && !permission.equals("create") && !permission.equals(LIST)) {
                return sharedChildren(principals, target, permission);
            }
            return Uni.createFrom().item(Access.DENIED);
        });
    }

    private Uni<Boolean> granted(Set<String> principals, ResourcePath target, String permission) {
        String endpoint = target.kind().name();
        permission = permission.equals(LIST) ? "read" : permission;
        ResourcePath object = target.isPlural() ? target.parentPath() : target;
        if (object == null) {
            // The server root: only settings grant bucket:create and list-level read/write (permissions.md §4.1).
            String name = permission.equals("create") ? endpoint + ":create" : permission;
            // Account administrators (account_write_principals) list every account (plugins.md §2.3).
            boolean administrator = endpoint.equals("account") && name.equals("read")
                    && settingGrants(principals, endpoint, "write");
            return Uni.createFrom().item(administrator || settingGrants(principals, endpoint, name));
        }
        String checkResource = object.kind().name();
        String checkPermission = checkPermission(target, permission);
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        boolean bySetting = false;
        for (InheritedPermissions.Grant grant : InheritedPermissions.of(checkResource, checkPermission)) {
            ancestor(object, grant.resource()).ifPresent(uri -> pairs.add(Map.entry(uri, grant.permission())));
            bySetting |= settingGrants(principals, endpoint, grant.permission());
        }
        if (bySetting) {
            return Uni.createFrom().item(true);
        }
        return permissions.getAuthorizedPrincipals(pairs).map(holders -> holders.stream().anyMatch(principals::contains));
    }

    private static String checkPermission(ResourcePath target, String permission) {
        if (!target.isPlural()) {
            return permission;
        }
        return switch (permission) {
            case "create" -> target.kind().name() + ":create";
            case "read" -> "list";
            default -> permission;
        };
    }

    /** The URI of the ancestor (or self) of {@code object} of the given resource name. */
    private static Optional<String> ancestor(ResourcePath object, String resource) {
        for (ResourcePath path = object; path != null; path = path.parentPath()) {
            if (path.kind().name().equals(resource)) {
                return Optional.of(path.objectUri());
            }
        }
        return Optional.empty();
    }

    /** permissions.md §3.1: settings are looked up under the resource of the endpoint being called. */
    private boolean settingGrants(Set<String> principals, String endpoint, String permission) {
        String key = permission.startsWith(endpoint + ":")
                ? permission.replace(':', '_') + "_principals"
                : endpoint + "_" + permission.replace(':', '_') + "_principals";
        String value = settings.apply(key).orElse(DEFAULT_PRINCIPALS.get(key));
        return value != null && WhitespaceList.split(value).stream().anyMatch(principals::contains);
    }

    /** permissions.md §4.2 step 3: the children shared with the requester, or nothing if it may create some. */
    private Uni<Access> sharedChildren(Set<String> principals, ResourcePath plural, String permission) {
        List<String> wanted = new ArrayList<>(List.of("write"));
        if (permission.equals("read")) {
            wanted.add("read");
            switch (plural.kind().name()) {
                case "bucket" -> wanted.addAll(List.of("collection:create", "group:create"));
                case "collection" -> wanted.add("record:create");
                default -> {
                }
            }
        }
        String prefix = plural.listUri() + "/";
        return permissions.getAccessibleObjects(principals, prefix + "*", wanted).chain(objects -> {
            if (!objects.isEmpty()) {
                Set<String> ids = new LinkedHashSet<>();
                objects.keySet().forEach(uri -> ids.add(uri.substring(prefix.length())));
                return Uni.createFrom().item(new Access(true, ids));
            }
            return mayCreateChildren(principals, plural).map(may -> may ? new Access(true, Set.of()) : Access.DENIED);
        });
    }

    private Uni<Boolean> mayCreateChildren(Set<String> principals, ResourcePath plural) {
        String create = plural.kind().name() + ":create";
        if (settingGrants(principals, plural.kind().name(), create)) {
            return Uni.createFrom().item(true);
        }
        ResourcePath parent = plural.parentPath();
        if (parent == null) {
            return Uni.createFrom().item(false);
        }
        return permissions.getAuthorizedPrincipals(List.of(Map.entry(parent.objectUri(), create)))
                .map(holders -> holders.stream().anyMatch(principals::contains));
    }
}
