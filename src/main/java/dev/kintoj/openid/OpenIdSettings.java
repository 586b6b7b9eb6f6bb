package dev.kintoj.openid;

import dev.kintoj.config.WhitespaceList;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One {@code multiauth.policy.<name>.*} block naming {@code kinto.plugins.openid.OpenIDConnectPolicy} (plugins.md §6),
 * with Kinto's defaults.
 */
public record OpenIdSettings(String name, String issuer, String clientId, String clientSecret, String audience,
                             String headerType, String useridField, Duration verificationTtl, Duration stateTtl,
                             int stateLength) {

    public static boolean isOpenId(String use) {
        return use.trim().endsWith("OpenIDConnectPolicy");
    }

    /** The OpenID policies of {@code multiauth.policies}, in its order. */
    public static List<OpenIdSettings> fromSettings(String policies, Function<String, Optional<String>> settings) {
        List<OpenIdSettings> providers = new ArrayList<>();
        for (String name : WhitespaceList.split(policies)) {
            String prefix = "multiauth.policy." + name + ".";
            if (!isOpenId(settings.apply(prefix + "use").orElse(""))) {
                continue;
            }
            Function<String, Optional<String>> own = key -> settings.apply(prefix + key).map(String::trim)
                    .filter(value -> !value.isEmpty());
            Function<String, String> required = key -> own.apply(key).orElseThrow(() ->
                    new IllegalArgumentException("Setting " + prefix + key + " is required by the OpenID policy " + name));
            providers.add(new OpenIdSettings(name, required.apply("issuer"), required.apply("client_id"),
                    own.apply("client_secret").orElse(""), own.apply("audience").orElse(""),
                    own.apply("header_type").orElse("Bearer"), own.apply("userid_field").orElse("sub"),
                    Duration.ofSeconds(integer(own, prefix, "verification_ttl_seconds", 86400)),
                    Duration.ofSeconds(integer(own, prefix, "state_ttl_seconds", 3600)),
                    integer(own, prefix, "state_length", 32)));
        }
        return providers;
    }

    private static int integer(Function<String, Optional<String>> own, String prefix, String key, int defaultValue) {
        String value = own.apply(key).orElse(null);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("Setting " + prefix + key + " must be a positive integer: " + value);
    }
}
