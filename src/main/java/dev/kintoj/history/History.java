package dev.kintoj.history;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.kintoj.core.CoreKinds;
import dev.kintoj.core.IdGenerator;
import dev.kintoj.core.ResourceKind;
import dev.kintoj.storage.Filter;

import java.util.List;
import java.util.Set;

/**
 * The history plugin's resource (plugins.md §3.2): {@code /buckets/{bid}/history}, a read-and-delete list of
 * the entries {@link HistoryListener} writes, with a fixed schema.
 */
public final class History {

    public static final String PLUGIN = dev.kintoj.config.Plugins.HISTORY;
    public static final String RESOURCE = "history";

    private static final Set<String> FIELDS = Set.of("id", "last_modified", "user_id", "uri", "action", "date",
            "resource_name", "bucket_id", "collection_id", "group_id", "record_id", "target");
    private static final Set<String> ID_FIELDS = Set.of("bucket_id", "collection_id", "group_id", "record_id");

    public static final ResourceKind KIND = new ResourceKind(RESOURCE, "history", CoreKinds.BUCKET, false,
            IdGenerator.UUID4, List.of("read"), new ResourceKind.Hooks() {
                @Override
                public boolean hasObjectEndpoint() {
                    return false;
                }

                @Override
                public List<String> pluralMethods() {
                    return List.of("HEAD", "GET", "DELETE", "OPTIONS");
                }

                @Override
                public Set<String> queryableFields() {
                    return FIELDS;
                }

                /** Ids are strings: {@code ?record_id=2} looks for the record "2". */
                @Override
                public List<Filter> listFilters(List<Filter> filters) {
                    return filters.stream().map(filter -> ID_FIELDS.contains(filter.field()) && filter.value().isNumber()
                            ? new Filter(filter.field(), TextNode.valueOf(filter.value().asText()), filter.operator())
                            : filter).toList();
                }
            });

    private History() {
    }
}
