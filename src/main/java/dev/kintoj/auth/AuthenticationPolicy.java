package dev.kintoj.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;

import java.util.Optional;

/** One entry of {@code multiauth.policies}: turns request credentials into a user id, or declines. */
public interface AuthenticationPolicy {

    /** The prefix of the policy's user ids ({@code basicauth:<hmac>}, {@code account:<name>}). */
    String name();

    /** The identifier (without the prefix) for this Authorization header, if the policy recognises it. */
    Uni<Optional<String>> identify(String authorizationHeader);

    /**
     * The identifier with the profile the policy knows of the user ({@code user.profile} in {@code /v1/}: an
     * OpenID provider's userinfo). Policies without profiles need not override it.
     */
    default Uni<Optional<Identified>> authenticate(String authorizationHeader) {
        return identify(authorizationHeader).map(id -> id.map(value -> new Identified(value, null)));
    }

    /** The {@code WWW-Authenticate} challenge sent with 401 answers, if any. */
    Optional<String> challenge();

    /** A recognised user: the identifier without the policy's prefix, and its profile (null when none). */
    record Identified(String id, JsonNode profile) {
    }
}
