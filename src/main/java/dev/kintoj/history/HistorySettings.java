package dev.kintoj.history;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.config.DynamicSettings;
import dev.kintoj.config.WhitespaceList;

import java.util.List;
import java.util.Set;

/** The history plugin's settings (plugins.md §3.3), read once at startup. */
public record HistorySettings(List<String> excludedResources, Set<String> excludedUserIds, int autoTrimMaxCount,
                       Set<String> autoTrimUserIds, int autoTrimThreshold) {

    public static HistorySettings from(DynamicSettings settings) {
        return new HistorySettings(
                WhitespaceList.split(settings.get("history.exclude_resources").orElse("")),
                Set.copyOf(WhitespaceList.split(settings.get("history.exclude_user_ids").orElse(""))),
                settings.integer("history.auto_trim_max_count").orElse(-1),
                Set.copyOf(WhitespaceList.split(settings.get("history.auto_trim_user_ids").orElse(""))),
                settings.integer("history.auto_trim_threshold").orElse(100));
    }

    /** The {@code history} capability of the root endpoint (plugins.md §3.3). */
    public ObjectNode capability() {
        ObjectNode capability = JsonNodeFactory.instance.objectNode()
                .put("description", "Track changes on data.")
                .put("url", "http://kinto.readthedocs.io/en/latest/api/1.x/history.html");
        if (autoTrimMaxCount > 0) {
            capability.put("auto_trim_max_count", autoTrimMaxCount);
        }
        if (!autoTrimUserIds.isEmpty()) {
            autoTrimUserIds.stream().sorted().forEach(capability.putArray("auto_trim_user_ids")::add);
        }
        if (!excludedResources.isEmpty()) {
            ArrayNode excluded = capability.putArray("excluded_resources");
            for (String uri : excludedResources) {
                ObjectNode parts = excluded.addObject();
                String[] segments = uri.replaceFirst("^/", "").split("/");
                for (int i = 0; i + 1 < segments.length; i += 2) {
                    parts.put(segments[i].replaceAll("s$", ""), segments[i + 1]);
                }
            }
        }
        return capability;
    }

    /** An object under an excluded URI (a bucket, a collection, or the object itself) is not tracked. */
    boolean excluded(String objectUri) {
        return excludedResources.stream().anyMatch(uri -> objectUri.equals(uri) || objectUri.startsWith(uri + "/"));
    }
}
