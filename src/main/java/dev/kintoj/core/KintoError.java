package dev.kintoj.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A failure answered with Kinto's error envelope (errors.md §1). */
public class KintoError extends RuntimeException {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    public final int status;
    public final Errno errno;
    public final String error;
    public final String detailMessage;
    public final JsonNode details;
    public final Map<String, String> headers = new LinkedHashMap<>();
    /** A URL, only on 500s. */
    public String info;

    public KintoError(int status, Errno errno, String error, String message, JsonNode details) {
        super(message == null ? error : message, null, false, false);
        this.status = status;
        this.errno = errno;
        this.error = error;
        this.detailMessage = message;
        this.details = details;
    }

    public KintoError header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** The envelope, keys in Kinto's order; empty details are omitted. */
    public ObjectNode body() {
        ObjectNode body = JSON.objectNode();
        body.put("code", status);
        body.put("errno", errno.code);
        body.put("error", error);
        if (detailMessage != null) {
            body.put("message", detailMessage);
        }
        if (info != null) {
            body.put("info", info);
        }
        if (details != null && !details.isNull() && !details.isEmpty()) {
            body.set("details", details);
        }
        return body;
    }

    /** errno 107 with Kinto's message rule (errors.md §3). */
    public static KintoError invalid(int status, List<ValidationEntry> entries) {
        List<ValidationEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(e -> String.valueOf(e.name() == null ? "None" : e.name())));
        ValidationEntry first = sorted.get(0);
        String message;
        if (first.name() == null) {
            message = first.location() + ": " + first.description();
        } else if (first.description().contains(first.name())) {
            message = first.description();
        } else {
            message = first.name() + " in " + first.location() + ": " + first.description();
        }
        ArrayNode details = JSON.arrayNode();
        for (ValidationEntry entry : sorted) {
            ObjectNode detail = details.addObject();
            detail.put("location", entry.location());
            if (entry.name() == null) {
                detail.putNull("name");
            } else {
                detail.put("name", entry.name());
            }
            detail.put("description", entry.description());
        }
        return new KintoError(status, Errno.INVALID_PARAMETERS, "Invalid parameters", message, details);
    }

    public static KintoError invalid(ValidationEntry... entries) {
        return invalid(400, List.of(entries));
    }

    public static KintoError invalidBody(String name, String description) {
        return invalid(ValidationEntry.body(name, description));
    }

    public static KintoError invalidQuery(String name, String description) {
        return invalid(ValidationEntry.query(name, description));
    }

    public static KintoError objectNotFound(String id, String resourceName) {
        ObjectNode details = JSON.objectNode();
        details.put("id", id);
        details.put("resource_name", resourceName);
        return new KintoError(404, Errno.INVALID_RESOURCE_ID, "Not Found", null, details);
    }

    public static KintoError missingParent(String id, String resourceName) {
        ObjectNode details = JSON.objectNode();
        details.put("id", id);
        details.put("resource_name", resourceName);
        return new KintoError(404, Errno.MISSING_RESOURCE, "Not Found", null, details);
    }

    public static KintoError unknownUrl() {
        return new KintoError(404, Errno.MISSING_RESOURCE, "Not Found",
                "The resource you are looking for could not be found.", null);
    }

    public static KintoError methodNotAllowed(String allow) {
        KintoError error = new KintoError(405, Errno.METHOD_NOT_ALLOWED, "Method Not Allowed",
                "Method not allowed on this endpoint.", null);
        if (allow != null) {
            error.header("Allow", allow);
        }
        return error;
    }

    public static KintoError unauthorized() {
        return new KintoError(401, Errno.MISSING_AUTH_TOKEN, "Unauthorized",
                "Please authenticate yourself to use this endpoint.", null);
    }

    public static KintoError forbidden() {
        return new KintoError(403, Errno.FORBIDDEN, "Forbidden", "This user cannot access this resource.", null);
    }

    /** 412; {@code existing} (without permissions) when the target exists. */
    public static KintoError modifiedMeanwhile(ObjectNode existing) {
        ObjectNode details = null;
        if (existing != null) {
            details = JSON.objectNode();
            details.set("existing", existing);
        }
        return new KintoError(412, Errno.MODIFIED_MEANWHILE, "Precondition Failed", "Resource was modified meanwhile", details);
    }

    public static KintoError conflict() {
        return new KintoError(409, Errno.CONSTRAINT_VIOLATED, "Conflict", "Integrity constraint violated, please retry.", null);
    }

    public static KintoError backend(String message) {
        return new KintoError(503, Errno.BACKEND, "Service Unavailable", message, null);
    }

    public static KintoError backendUnavailable() {
        return backend("Service temporary unavailable due to overloading or maintenance, please retry later.");
    }

    public static KintoError internal(String infoLink) {
        KintoError error = new KintoError(500, Errno.UNDEFINED, "Internal Server Error",
                "A programmatic error occurred, developers have been informed.", null);
        error.info = infoLink;
        return error;
    }
}
