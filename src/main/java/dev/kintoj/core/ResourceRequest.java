package dev.kintoj.core;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * One request to a resource endpoint, independent of HTTP plumbing so that batch subrequests can use it too.
 * {@code query}: the decoded query parameters in order; {@code body}: the parsed JSON body, null when empty;
 * {@code contentType}: the media type without parameters, null when absent; {@code url}: the absolute URL of the
 * endpoint without query string (used for {@code Next-Page}).
 */
public record ResourceRequest(String method, ResourcePath path, List<Map.Entry<String, String>> query,
                              Map<String, String> headers, JsonNode body, String contentType, Identity identity,
                              String url) {

    public ResourceRequest withBody(JsonNode newBody) {
        return new ResourceRequest(method, path, query, headers, newBody, contentType, identity, url);
    }

    /** A request header by lower-case name, or null. */
    public String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }

    public String queryValue(String name) {
        for (Map.Entry<String, String> param : query) {
            if (param.getKey().strip().equals(name)) {
                return param.getValue();
            }
        }
        return null;
    }
}
