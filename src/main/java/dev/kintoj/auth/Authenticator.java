package dev.kintoj.auth;

import dev.kintoj.core.AlongsideIdentity;
import dev.kintoj.core.Identity;
import dev.kintoj.permission.PermissionBackend;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Kinto's {@code multiauth}: the configured policies are tried in order and the first that identifies the
 * request wins; otherwise the request is anonymous (invalid credentials are not an error by themselves). The
 * identity carries every principal of the request, group URIs included, computed once per request.
 */
public final class Authenticator {

    private final List<AuthenticationPolicy> policies;
    private final PermissionBackend permissions;

    public Authenticator(List<AuthenticationPolicy> policies, PermissionBackend permissions) {
        this.policies = List.copyOf(policies);
        this.permissions = permissions;
    }

    public Uni<Identity> authenticate(String authorizationHeader) {
        return authenticate(authorizationHeader, AlongsideIdentity.NOTHING);
    }

    /** The identity, its groups read together with the request's reads {@code alongside} them. */
    public Uni<Identity> authenticate(String authorizationHeader, AlongsideIdentity alongside) {
        return identify(authorizationHeader, 0).chain(userId -> userId.isEmpty()
                ? alongside.with(List.of(), Uni.createFrom().item(Identity.ANONYMOUS))
                : alongside.with(groupsOf(userId.get().id()), withGroups(userId.get())));
    }

    /** The user ids whose groups are the user's: the user's own, and those of every authenticated user. */
    private static List<String> groupsOf(String userId) {
        return List.of(userId, Identity.AUTHENTICATED);
    }

    private Uni<Optional<AuthenticationPolicy.Identified>> identify(String header, int index) {
        if (header == null || index >= policies.size()) {
            return Uni.createFrom().item(Optional.empty());
        }
        AuthenticationPolicy policy = policies.get(index);
        return policy.authenticate(header).chain(id -> id.isPresent()
                ? Uni.createFrom().item(Optional.of(new AuthenticationPolicy.Identified(
                        policy.name() + ":" + id.get().id(), id.get().profile())))
                : identify(header, index + 1));
    }

    /** permissions.md §6: the groups of the user plus those whose members include system.Authenticated. */
    private Uni<Identity> withGroups(AuthenticationPolicy.Identified user) {
        String userId = user.id();
        return permissions.getUserPrincipals(groupsOf(userId)).map(groups -> {
            Set<String> principals = new LinkedHashSet<>(List.of(userId, Identity.EVERYONE, Identity.AUTHENTICATED));
            principals.addAll(groups);
            return new Identity(userId, new ArrayList<>(principals), user.profile());
        });
    }

    /** One WWW-Authenticate value per policy that has a challenge (errors.md §1). */
    public List<String> challenges() {
        return policies.stream().map(AuthenticationPolicy::challenge).flatMap(Optional::stream).distinct().toList();
    }

    public List<String> policyNames() {
        return policies.stream().map(AuthenticationPolicy::name).toList();
    }
}
