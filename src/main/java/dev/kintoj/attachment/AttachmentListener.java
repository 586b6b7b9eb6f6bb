package dev.kintoj.attachment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.core.KintoError;
import dev.kintoj.events.EventListener;
import dev.kintoj.events.Events;
import dev.kintoj.events.ResourceEvent;
import dev.kintoj.storage.Storage;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The plugin's listeners: deleting a record, a collection or a bucket forgets the files of the records concerned
 * (in the unit of work) and deletes them once it is committed, unless {@code keep_old_files}; a client's record
 * write may not change the {@code attachment} field the plugin wrote.
 */
public final class AttachmentListener implements EventListener {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> CONTAINERS = Set.of("record", "collection", "bucket");

    private final Attachments attachments;
    private final Storage storage;
    /** Files forgotten by a delete, until its commit; entries of units that fail are dropped with their events. */
    private final Map<ResourceEvent, List<String>> forgotten = Collections.synchronizedMap(new WeakHashMap<>());

    public AttachmentListener(Attachments attachments, Storage storage) {
        this.attachments = attachments;
        this.storage = storage;
    }

    @Override
    public boolean accepts(String action, String resourceName) {
        return (action.equals(Events.DELETE) && CONTAINERS.contains(resourceName))
                || (action.equals(Events.UPDATE) && resourceName.equals("record"));
    }

    @Override
    public Uni<Void> resourceChanged(ResourceEvent event) {
        if (event.action().equals(Events.UPDATE)) {
            checkUnchanged(event);
            return Uni.createFrom().voidItem();
        }
        String field = event.resourceName() + "_uri";
        Uni<List<String>> locations = Uni.createFrom().item(new ArrayList<>());
        for (ResourceEvent.Impacted impacted : event.objects()) {
            JsonNode id = impacted.oldObject() == null ? null : impacted.oldObject().get("id");
            if (id == null) {
                continue;
            }
            String uri = event.resourceName().equals("bucket") ? "/buckets/" + id.asText()
                    : event.parentId() + "/" + event.resourceName() + "s/" + id.asText();
            locations = locations.call(found -> Attachments.unlink(storage, field, uri).invoke(found::addAll));
        }
        return locations.invoke(found -> {
            if (!found.isEmpty()) {
                forgotten.put(event, found);
            }
        }).replaceWithVoid();
    }

    @Override
    public void afterCommit(ResourceEvent event) {
        List<String> locations = forgotten.remove(event);
        if (locations == null) {
            return;
        }
        ObjectNode payload = event.payload();
        String bid = payload.path("bucket_id").asText(null);
        String cid = payload.path("collection_id").asText(null);
        if (!attachments.settings().flag("keep_old_files", false, bid, cid)) {
            attachments.deleteLater(locations);
        }
    }

    private static void checkUnchanged(ResourceEvent event) {
        Context context = Vertx.currentContext();
        if (context != null && context.getLocal(AttachmentUploads.AUTO_SAVE) != null) {
            return;
        }
        for (ResourceEvent.Impacted impacted : event.objects()) {
            JsonNode before = impacted.oldObject() == null ? null : impacted.oldObject().get("attachment");
            JsonNode after = impacted.newObject() == null ? null : impacted.newObject().get("attachment");
            if (present(before) && present(after) && !before.equals(after)) {
                throw new KintoError(400, dev.kintoj.core.Errno.UNDEFINED, "Bad Request",
                        "Attachment metadata cannot be modified.", null);
            }
        }
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !(node.isObject() && node.isEmpty());
    }
}
