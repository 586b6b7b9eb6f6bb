package dev.kintoj.auth;

import dev.kintoj.config.WhitespaceList;
import dev.kintoj.core.Identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Kinto's {@code multiauth}: the configured policies are tried in order and the first that identifies the
 * request wins; otherwise the request is anonymous (invalid credentials are not an error by themselves).
 */
public final class Authenticator {

    private final List<AuthenticationPolicy> policies;

    public Authenticator(List<AuthenticationPolicy> policies) {
        this.policies = List.copyOf(policies);
    }

    /** Builds the policies named in {@code multiauth.policies}; an unknown name stops startup. */
    public static Authenticator fromSettings(String policyNames, String useridHmacSecret) {
        List<AuthenticationPolicy> policies = new ArrayList<>();
        for (String name : WhitespaceList.split(policyNames)) {
            if (name.equals("basicauth")) {
                policies.add(new BasicAuthPolicy(useridHmacSecret));
            } else {
                throw new IllegalArgumentException("Unknown authentication policy '" + name
                        + "' in multiauth.policies: this version supports basicauth");
            }
        }
        return new Authenticator(policies);
    }

    public Identity identify(String authorizationHeader) {
        for (AuthenticationPolicy policy : policies) {
            Optional<String> id = policy.identify(authorizationHeader);
            if (id.isPresent()) {
                String userId = policy.name() + ":" + id.get();
                return new Identity(userId, List.of(userId, Identity.EVERYONE, Identity.AUTHENTICATED));
            }
        }
        return Identity.ANONYMOUS;
    }

    /** One WWW-Authenticate value per policy that has a challenge (errors.md §1). */
    public List<String> challenges() {
        return policies.stream().map(AuthenticationPolicy::challenge).flatMap(Optional::stream).toList();
    }

    public List<String> policyNames() {
        return policies.stream().map(AuthenticationPolicy::name).toList();
    }
}
