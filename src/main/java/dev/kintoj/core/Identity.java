package dev.kintoj.core;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * Who sends a request: the user id (null when anonymous), every principal (the user id first) and the profile the
 * authentication policy knows of the user (an OpenID provider's userinfo), null when it has none.
 */
public record Identity(String userId, List<String> principals, JsonNode profile) {

    public static final String EVERYONE = "system.Everyone";
    public static final String AUTHENTICATED = "system.Authenticated";
    public static final Identity ANONYMOUS = new Identity(null, List.of(EVERYONE));

    public Identity {
        principals = List.copyOf(principals);
    }

    public Identity(String userId, List<String> principals) {
        this(userId, principals, null);
    }

    public boolean isAnonymous() {
        return userId == null;
    }
}
