package dev.kintoj.openid;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.cache.Cache;
import dev.kintoj.core.KintoError;
import dev.kintoj.core.ValidationEntry;
import io.smallrye.mutiny.Uni;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The login dance of plugins.md §6: {@code GET /v1/openid/{name}/login} keeps a one-time state with the client's
 * callback in the cache and sends the browser to the provider; the provider sends it back to
 * {@code GET /v1/openid/{name}/token}, which consumes the state, trades the code and sends the browser to the
 * callback with the provider's answer (base64). Each returns the {@code Location} of its 307.
 */
public final class OpenIdLogin {

    private static final String STATE_PREFIX = "openid:state:";
    /** Per instance, not static: a native image initialises classes at build time and would freeze a static seed. */
    private final SecureRandom secureRandom = new SecureRandom();

    private final OpenIdProviders providers;
    private final Cache cache;

    public OpenIdLogin(OpenIdProviders providers, Cache cache) {
        this.providers = providers;
        this.cache = cache;
    }

    /** @param tokenUri this server's {@code /v1/openid/{name}/token}, the redirect URI given to the provider */
    public Uni<String> login(String name, Map<String, String> query, String tokenUri) {
        List<ValidationEntry> errors = new ArrayList<>();
        String callback = query.get("callback");
        if (callback == null) {
            errors.add(ValidationEntry.query("callback", "Required"));
        } else if (!isUrl(callback)) {
            errors.add(ValidationEntry.query("callback", "Must be a URL"));
        }
        String scope = query.get("scope");
        if (scope == null) {
            errors.add(ValidationEntry.query("scope", "Required"));
        }
        String prompt = query.get("prompt");
        if (prompt != null && !prompt.equals("none")) {
            errors.add(ValidationEntry.query("prompt", "String does not match expected pattern"));
        }
        OpenIdProvider provider = provider(name, errors);
        OpenIdSettings settings = provider.settings();
        if (settings.useridField().equals("email") && !scope.contains("email")) {
            throw KintoError.invalidBody("scope", "Provider " + name + " requires 'email' scope");
        }
        byte[] random = new byte[settings.stateLength()];
        secureRandom.nextBytes(random);
        String state = HexFormat.of().formatHex(random);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("client_id", settings.clientId());
        params.put("response_type", "code");
        params.put("scope", scope);
        params.put("redirect_uri", tokenUri);
        params.put("state", state);
        if (prompt != null) {
            params.put("prompt", prompt);
        }
        if (!settings.audience().isEmpty()) {
            params.put("audience", settings.audience());
        }
        return cache.set(STATE_PREFIX + state, callback, settings.stateTtl())
                .map(x -> provider.endpoint("authorization_endpoint") + "?" + form(params));
    }

    /**
     * The provider may come back with {@code error} instead of a code (the user refused, an unknown audience): the
     * error is forwarded to the callback, as the newest Kinto does.
     */
    public Uni<String> token(String name, Map<String, String> query, String tokenUri) {
        List<ValidationEntry> errors = new ArrayList<>();
        String state = query.get("state");
        if (state == null) {
            errors.add(ValidationEntry.query("state", "Required"));
        }
        String code = query.get("code");
        String error = query.get("error");
        if (code == null && error == null) {
            errors.add(ValidationEntry.query("code", "Required"));
        }
        OpenIdProvider provider = provider(name, errors);
        String key = STATE_PREFIX + state;
        // Read, then delete: only the request whose delete removed the entry may use it (one-time state).
        return cache.get(key).chain(callback -> callback.isEmpty() ? Uni.createFrom().failure(invalidState())
                : cache.delete(key).chain(removed -> {
                    if (!removed) {
                        return Uni.createFrom().failure(invalidState());
                    }
                    if (error != null) {
                        Map<String, String> params = new LinkedHashMap<>();
                        params.put("error", error);
                        if (query.get("error_description") != null) {
                            params.put("error_description", query.get("error_description"));
                        }
                        return Uni.createFrom().item(callback.get() + form(params));
                    }
                    return provider.exchange(code, tokenUri).map(body -> callback.get() + quote(
                            Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8))));
                }));
    }

    /** The provider by name; the request's own errors and an unknown provider are answered together (400). */
    private OpenIdProvider provider(String name, List<ValidationEntry> errors) {
        OpenIdProvider provider = providers.get(name).orElse(null);
        if (provider == null) {
            errors.add(new ValidationEntry("path", "provider", "Unknown provider '" + name + "'"));
        }
        if (!errors.isEmpty()) {
            throw KintoError.invalid(400, errors);
        }
        return provider;
    }

    /** errno 107 at the top, as every validation error; the detail carries Kinto's 105 (invalid token). */
    private static KintoError invalidState() {
        KintoError error = KintoError.invalidBody("state", "Invalid state");
        ((ObjectNode) ((ArrayNode) error.details).get(0)).put("errno", 105);
        return error;
    }

    private static boolean isUrl(String value) {
        try {
            URI uri = new URI(value);
            return uri.getScheme() != null && uri.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** Python's {@code urllib.parse.quote}: everything but unreserved characters and {@code /} escaped. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "_.-~/".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", (int) c));
            }
        }
        return out.toString();
    }
}
