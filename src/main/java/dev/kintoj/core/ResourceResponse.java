package dev.kintoj.core;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a resource endpoint answers; {@code body} null means no body (HEAD, 304). */
public record ResourceResponse(int status, JsonNode body, Map<String, String> headers) {

    public ResourceResponse(int status, JsonNode body) {
        this(status, body, new LinkedHashMap<>());
    }

    public ResourceResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
