package dev.kintoj.core;

import java.util.List;

/** Who sends a request: the user id (null when anonymous) and every principal, the user id first. */
public record Identity(String userId, List<String> principals) {

    public static final String EVERYONE = "system.Everyone";
    public static final String AUTHENTICATED = "system.Authenticated";
    public static final Identity ANONYMOUS = new Identity(null, List.of(EVERYONE));

    public Identity {
        principals = List.copyOf(principals);
    }

    public boolean isAnonymous() {
        return userId == null;
    }
}
