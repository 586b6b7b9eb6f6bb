package dev.kintoj.core.listing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.core.EngineSettings;
import dev.kintoj.core.HttpDates;
import dev.kintoj.core.Identity;
import dev.kintoj.core.ResourcePath;
import dev.kintoj.core.ResourceRequest;
import dev.kintoj.core.ResourceResponse;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Page sizes, {@code Next-Page} URLs and cache headers of resource responses (api.md §8.5, §9). */
public final class ListResponses {

    public static final String TO_DEPRECATED = "{\"code\":\"soft-eol\",\"message\":\"_to is now deprecated, you should use _before instead\","
            + "\"url\":\"https://kinto.readthedocs.io/en/2.4.0/api/resource.html#list-of-available-url-parameters\"}";

    private final EngineSettings settings;

    public ListResponses(EngineSettings settings) {
        this.settings = settings;
    }

    public int effectiveLimit(Integer requestedLimit) {
        Integer requested = requestedLimit != null && requestedLimit != 0 ? requestedLimit : settings.paginateBy().orElse(null);
        if (requested != null && settings.paginateBy().isPresent()) {
            requested = Math.min(requested, settings.paginateBy().get());
        }
        int max = settings.storageMaxFetchSize();
        return requested == null ? max : Math.max(1, Math.min(requested, max));
    }

    /** The request's query string with {@code _limit} and {@code _token} set in place (or appended). */
    public String nextPageUrl(ResourceRequest request, int limit, PaginationToken token) {
        StringBuilder query = new StringBuilder();
        boolean limitSet = false;
        boolean tokenSet = false;
        for (Map.Entry<String, String> param : request.query()) {
            String name = param.getKey();
            String value = param.getValue();
            if (name.strip().equals("_limit")) {
                if (limitSet) {
                    continue;
                }
                value = String.valueOf(limit);
                limitSet = true;
            } else if (name.strip().equals("_token")) {
                if (tokenSet) {
                    continue;
                }
                value = token.encode();
                tokenSet = true;
            }
            append(query, name, value);
        }
        if (!limitSet) {
            append(query, "_limit", String.valueOf(limit));
        }
        if (!tokenSet) {
            append(query, "_token", token.encode());
        }
        return request.url() + "?" + query;
    }

    private static void append(StringBuilder query, String name, String value) {
        if (query.length() > 0) {
            query.append('&');
        }
        query.append(encode(name)).append('=').append(encode(value));
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /**
     * Python's quote_plus: letters, digits and {@code _.-~} stay as they are, a space becomes {@code +}, every other
     * byte of the UTF-8 text {@code %XX}. Written out: {@code URLEncoder} and two replacements were half of a
     * {@code Next-Page} URL's cost in the native binary, the pagination token being most of the URL.
     */
    static String encode(String value) {
        int plain = 0;
        while (plain < value.length() && unreserved(value.charAt(plain))) {
            plain++;
        }
        if (plain == value.length()) {
            return value;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder encoded = new StringBuilder(bytes.length + 16).append(value, 0, plain);
        for (int i = plain; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (b < 0x80 && unreserved((char) b)) {
                encoded.append((char) b);
            } else if (b == ' ') {
                encoded.append('+');
            } else {
                encoded.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
            }
        }
        return encoded.toString();
    }

    private static boolean unreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '.' || c == '-' || c == '~';
    }

    /**
     * Cache-Control/Expires/Pragma of successful reads (api.md §9). {@code parent}: the parent object the request
     * already read (a record's collection, for its {@code cache_expires}), or null.
     */
    public ResourceResponse cacheHeaders(ResourceResponse response, ResourceRequest request, ObjectNode parent) {
        if (response.status() != 200) {
            return response;
        }
        return expiring(response, request.identity().isAnonymous() ? expiresFor(request, parent) : Optional.empty());
    }

    /** The same headers for a list that is no resource kind ({@code /permissions}), read by its Kinto resource name. */
    public ResourceResponse cacheHeaders(ResourceResponse response, Identity identity, String resource) {
        if (response.status() != 200) {
            return response;
        }
        return expiring(response, identity.isAnonymous()
                ? settings.integer(resource + "_cache_expires_seconds").filter(v -> v != 0) : Optional.empty());
    }

    private static ResourceResponse expiring(ResourceResponse response, Optional<Integer> expires) {
        if (expires.isEmpty()) {
            response.header("Cache-Control", "no-cache, no-store");
            return response;
        }
        int seconds = expires.get();
        long now = System.currentTimeMillis();
        if (seconds > 0) {
            response.header("Cache-Control", "max-age=" + seconds);
            response.header("Expires", HttpDates.format(now + seconds * 1000L));
        } else {
            response.header("Cache-Control", "max-age=0, must-revalidate, no-cache, no-store");
            response.header("Expires", HttpDates.format(now));
            response.header("Pragma", "no-cache");
        }
        return response;
    }

    private Optional<Integer> expiresFor(ResourceRequest request, ObjectNode parent) {
        ResourcePath path = request.path();
        String resource = path.kind().name();
        if (!resource.equals("record") || path.ancestorIds().size() != 2) {
            return settings.integer(resource + "_cache_expires_seconds").filter(v -> v != 0);
        }
        Optional<Integer> setting = recordSetting(path);
        JsonNode collectionExpires = parent == null ? null : parent.get("cache_expires");
        if (collectionExpires == null || !collectionExpires.isIntegralNumber()) {
            return setting;
        }
        return Optional.of(Math.max(setting.orElse(-1), saturatedInt(collectionExpires)));
    }

    /** A collection's {@code cache_expires} may be any JSON integer; beyond the int range it means "for ever". */
    private static int saturatedInt(JsonNode integer) {
        if (integer.canConvertToInt()) {
            return integer.intValue();
        }
        return integer.bigIntegerValue().signum() > 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE;
    }

    private Optional<Integer> recordSetting(ResourcePath path) {
        String bid = path.ancestorIds().get(0);
        String cid = path.ancestorIds().get(1);
        for (String key : List.of(bid + "." + cid + ".record_cache_expires_seconds", bid + ".record_cache_expires_seconds",
                "record_cache_expires_seconds", bid + "_" + cid + "_record_cache_expires_seconds",
                bid + "_record_cache_expires_seconds")) {
            Optional<Integer> value = settings.integer(key);
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }
}
