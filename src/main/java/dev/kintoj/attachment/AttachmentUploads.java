package dev.kintoj.attachment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.core.CoreKinds;
import dev.kintoj.core.Errno;
import dev.kintoj.core.Identity;
import dev.kintoj.core.Json;
import dev.kintoj.core.KintoError;
import dev.kintoj.core.ObjectService;
import dev.kintoj.core.ResourcePath;
import dev.kintoj.core.ResourceRequest;
import dev.kintoj.core.ResourceResponse;
import dev.kintoj.events.Events;
import dev.kintoj.storage.Storage;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/**
 * {@code POST} and {@code DELETE /buckets/{bid}/collections/{cid}/records/{rid}/attachment}. The record is written
 * through the engine (same permission checks, events and history as a record write), then the file is stored, all
 * in one unit of work: if anything fails before the commit, the stored file is removed again, so a file exists
 * exactly when a committed record (or a kept old version, {@code keep_old_files}) names it.
 */
@ApplicationScoped
public class AttachmentUploads {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Marks the plugin's own record writes for {@link AttachmentListener} (a context-local flag of the request). */
    static final String AUTO_SAVE = "kintoj.attachment.auto-save";

    private final Attachments attachments;
    private final ObjectService service;
    private final Storage storage;
    private final Events events;
    private final Vertx vertx;
    /**
     * Runs last in the unit of work, after the record is written and the file linked to it; tests make it fail to
     * prove that neither the record (nor its changes) nor the new file outlives a failed unit, on every backend
     * (the engine's units join this one, on memory as in a PostgreSQL transaction).
     */
    private volatile Supplier<Uni<Void>> beforeCommit = () -> Uni.createFrom().voidItem();

    public AttachmentUploads(Attachments attachments, ObjectService service, Storage storage, Events events, Vertx vertx) {
        this.attachments = attachments;
        this.service = service;
        this.storage = storage;
        this.events = events;
        this.vertx = vertx;
    }

    /** A test's fault injected after the record write, before the commit (null: none). */
    void beforeCommit(Supplier<Uni<Void>> step) {
        beforeCommit = step == null ? () -> Uni.createFrom().voidItem() : step;
    }

    /** The record path of an attachment path after {@code /v1} ({@code .../records/{rid}}), checked to be one. */
    public ResourcePath recordPath(String apiPath) {
        String recordPath = apiPath.substring(0, apiPath.length() - "/attachment".length());
        ResourcePath path = service.kinds().parse(recordPath).orElseThrow(KintoError::unknownUrl);
        if (path.kind() != CoreKinds.RECORD || path.isPlural()) {
            throw KintoError.unknownUrl();
        }
        if (!CoreKinds.RECORD.ids().accepts(path.id())) {
            throw KintoError.invalid(new dev.kintoj.core.ValidationEntry("path", null, "Invalid object id"));
        }
        return path;
    }

    /** 404 for a missing collection, before the body is read (as for any record write). */
    public Uni<Void> checkParent(ResourcePath path, Uni<Identity> identity) {
        return service.requireParent(path, identity);
    }

    /**
     * The record write's permission, checked before the upload is looked at: kinto-attachment's view is guarded
     * by the record's permission, so an anonymous upload is a 401 whatever its body.
     */
    public Uni<Void> checkWritable(ResourcePath path, Identity identity) {
        return service.requireWritable(path, identity);
    }

    /** The size limit of uploads into this record's collection, -1 for none. */
    public long maxSize(ResourcePath path) {
        return attachments.settings().maxSize(path.ancestorIds().get(0), path.ancestorIds().get(1));
    }

    public Uni<ReceivedForm> receive(io.vertx.core.http.HttpServerRequest request, long maxSize) {
        return MultipartReceiver.receive(vertx, request, maxSize);
    }

    public Uni<Void> discard(ReceivedForm form) {
        return MultipartReceiver.discard(vertx, form);
    }

    /** Validates the form, stores the file and writes the record; {@code recordUrl}: the record's absolute URL. */
    public Uni<ResourceResponse> upload(ResourcePath path, ReceivedForm form, Identity identity, String recordUrl) {
        String bid = path.ancestorIds().get(0);
        String cid = path.ancestorIds().get(1);
        AttachmentSettings settings = attachments.settings();
        ObjectNode body = validated(form, path, maxSize(path));
        boolean gzipped = settings.flag("gzipped", false, bid, cid);
        boolean randomize = settings.flag("randomize", true, bid, cid);
        boolean keepOldFiles = settings.flag("keep_old_files", false, bid, cid);
        String mimetype = settings.mimetype(form.filename, form.clientType, bid, cid);
        Uni<ObjectNode> metadata = gzipped ? gzip(form, mimetype) : Uni.createFrom().item(metadata(form.filename,
                form.sha256, mimetype, form.size));
        return metadata.chain(attachment -> {
            String filename = attachment.get("filename").textValue();
            String folder = settings.value("folder", bid, cid).orElse("")
                    .replace("{bucket_id}", bid).replace("{collection_id}", cid).replace("{id}", path.id());
            String name = randomize ? UUID.randomUUID() + AttachmentSettings.extension(filename) : filename;
            String location = folder.isEmpty() ? name : folder.replaceAll("/+$", "") + "/" + name;
            attachment.put("location", attachments.url(location));
            ((ObjectNode) body.get("data")).set(MultipartReceiver.FILE_FIELD, attachment);
            List<String> replaced = new ArrayList<>();
            // The file is stored before the unit of work, which stays short and on one thread (the memory
            // backend's units cannot span a hop to a worker thread; PostgreSQL's should not wait on S3).
            Uni<Void> store = Attachments.blocking(() -> {
                attachments.store().write(location, form.file, attachment.get("size").longValue(),
                        attachment.get("mimetype").textValue());
                return null;
            });
            return store.chain(() -> ownUnit(() -> unlink(path.objectUri())
                            // A name kept (randomize off) may be the one just written: that file stays.
                            .invoke(found -> found.stream().filter(old -> !old.equals(location)).forEach(replaced::add))
                            .chain(() -> writeRecord(path, body, identity))
                            .call(() -> link(location, path))
                            .call(() -> beforeCommit.get()))
                            .onFailure().call(() -> removeStored(location)))
                    .map(record -> {
                        if (!keepOldFiles) {
                            attachments.deleteLater(replaced);
                        }
                        ResourceResponse response = new ResourceResponse(record.status(), attachment);
                        copyHeader(record, response, "ETag");
                        copyHeader(record, response, "Last-Modified");
                        return response.header("Location", recordUrl);
                    });
        });
    }

    /** Removes the file and the {@code attachment} field (the record is created if missing, as the plugin does). */
    public Uni<ResourceResponse> remove(ResourcePath path, Identity identity) {
        boolean keepOldFiles = attachments.settings().flag("keep_old_files", false, path.ancestorIds().get(0),
                path.ancestorIds().get(1));
        ObjectNode body = JSON.objectNode();
        body.putObject("data").putNull(MultipartReceiver.FILE_FIELD);
        List<String> removed = new ArrayList<>();
        return ownUnit(() -> unlink(path.objectUri())
                        .invoke(removed::addAll)
                        .chain(() -> writeRecord(path, body, identity)))
                .map(record -> {
                    if (!keepOldFiles) {
                        attachments.deleteLater(removed);
                    }
                    return new ResourceResponse(204, null);
                });
    }

    /** Kinto's order of checks (filename, extension, then the data and permissions parts); the body to write. */
    private ObjectNode validated(ReceivedForm form, ResourcePath path, long maxSize) {
        String bid = path.ancestorIds().get(0);
        String cid = path.ancestorIds().get(1);
        if (!form.hasAttachment()) {
            throw new KintoError(400, Errno.INVALID_POSTED_DATA, "Bad Request", "Attachment missing.", null);
        }
        if (form.filename.isEmpty()) {
            throw KintoError.invalid(new dev.kintoj.core.ValidationEntry("body", null, "Filename is required."));
        }
        if (form.tooLarge) {
            throw new KintoError(413, Errno.REQUEST_TOO_LARGE, "Request Entity Too Large",
                    "File size exceeds the maximum of " + maxSize + " bytes.", null);
        }
        if (!attachments.settings().extensionAllowed(form.filename, bid, cid)) {
            throw KintoError.invalid(new dev.kintoj.core.ValidationEntry("body", null, "File extension is not allowed."));
        }
        ObjectNode body = JSON.objectNode();
        body.putObject("data");
        for (String field : new String[] {"data", "permissions"}) {
            if (form.otherFiles.contains(field)) {
                throw postedData("body: '" + field + "' field should be passed as form data, not files");
            }
            String value = form.attributes.get(field);
            if (value == null) {
                continue;
            }
            JsonNode parsed;
            try {
                parsed = Json.MAPPER.readTree(value);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw postedData("body: " + field + " is not valid JSON (" + e.getOriginalMessage() + ")");
            }
            if (parsed == null || !parsed.isObject()) {
                throw postedData("body: " + field + " is not valid JSON (expected an object)");
            }
            body.set(field, parsed);
        }
        for (String field : form.attributes.keySet()) {
            if (!field.equals("data") && !field.equals("permissions")) {
                throw postedData("body: '" + field + "' not in ('data', 'permissions')");
            }
        }
        for (String field : form.otherFiles) {
            if (!field.equals(MultipartReceiver.FILE_FIELD)) {
                throw postedData("body: '" + field + "' not in ('data', 'permissions')");
            }
        }
        return body;
    }

    private static KintoError postedData(String message) {
        return new KintoError(400, Errno.INVALID_POSTED_DATA, "Bad Request", message, null);
    }

    private static ObjectNode metadata(String filename, String hash, String mimetype, long size) {
        ObjectNode attachment = JSON.objectNode();
        attachment.put("filename", filename).put("hash", hash).put("mimetype", mimetype).put("size", size);
        return attachment;
    }

    /** The plugin's {@code gzipped} option: the stored file is the gzip of the upload; {@code original} describes it. */
    private Uni<ObjectNode> gzip(ReceivedForm form, String mimetype) {
        return Attachments.blocking(() -> {
            Path gz = Files.createTempFile("kintoj-upload-", ".gz");
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(form.file);
                 OutputStream out = new GZIPOutputStream(new DigestOutputStream(Files.newOutputStream(gz), digest), 65536)) {
                in.transferTo(out);
            } catch (IOException e) {
                Files.deleteIfExists(gz);
                throw e;
            }
            Files.delete(form.file);
            form.file = gz;
            ObjectNode attachment = metadata(form.filename + ".gz", HexFormat.of().formatHex(digest.digest()),
                    "application/x-gzip", Files.size(gz));
            attachment.set("original", metadata(form.filename, form.sha256, mimetype, form.size));
            return attachment;
        });
    }

    /** PATCH the record when it exists, PUT it otherwise: the plugin's patch_record. */
    private Uni<ResourceResponse> writeRecord(ResourcePath path, ObjectNode body, Identity identity) {
        return storage.get(CoreKinds.RECORD.name(), path.parentId(), path.id()).chain(existing ->
                service.handle(new ResourceRequest(existing.isPresent() ? "PATCH" : "PUT", path, List.of(), Map.of(),
                        body, "application/json", identity, null)));
    }

    /**
     * Runs the plugin's unit of work as a request of the events, marked as the plugin's own (the mark lives in the
     * request's context until the events have been delivered).
     */
    private <T> Uni<T> ownUnit(Supplier<Uni<T>> work) {
        Context context = Vertx.currentContext();
        if (context != null) {
            context.putLocal(AUTO_SAVE, Boolean.TRUE);
        }
        return events.request(() -> events.unit(work)).onTermination().invoke(() -> {
            if (context != null) {
                context.removeLocal(AUTO_SAVE);
            }
        });
    }

    /** Forgets the files linked to a record; their locations, to delete once the change is committed. */
    private Uni<List<String>> unlink(String recordUri) {
        return Attachments.unlink(storage, "record_uri", recordUri);
    }

    private Uni<Void> link(String location, ResourcePath path) {
        ObjectNode link = JSON.objectNode();
        link.put("id", UUID.randomUUID().toString())
                .put("location", location)
                .put("bucket_uri", "/buckets/" + path.ancestorIds().get(0))
                .put("collection_uri", path.parentId())
                .put("record_uri", path.objectUri());
        return storage.create(Attachments.LINKS, "", link).replaceWithVoid();
    }

    private Uni<Void> removeStored(String location) {
        return Attachments.blocking(() -> {
            attachments.store().delete(location);
            return null;
        }).onFailure().recoverWithNull().replaceWithVoid();
    }

    private static void copyHeader(ResourceResponse from, ResourceResponse to, String name) {
        String value = from.headers().get(name);
        if (value != null) {
            to.header(name, value);
        }
    }
}
