package dev.kintoj.attachment;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.config.KintoSettings;
import dev.kintoj.config.Plugins;
import dev.kintoj.storage.Filter;
import dev.kintoj.storage.ListQuery;
import dev.kintoj.storage.Operator;
import dev.kintoj.storage.Storage;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The kinto-attachment plugin ({@code kinto.includes = kinto_attachment}): its settings, its file store, its
 * capability and heartbeat. The upload endpoint is {@link AttachmentUploads}; cascades are {@link AttachmentListener}.
 */
@ApplicationScoped
public class Attachments {

    public static final String PLUGIN = Plugins.ATTACHMENT;
    /** Where the plugin keeps which files belong to which record (storage resource, parent ""), as Kinto does. */
    static final String LINKS = "__attachments__";
    private static final Logger LOG = Logger.getLogger(Attachments.class);
    /** The version of the Python plugin whose API this one serves. */
    private static final String VERSION = "7.0.0";

    private final boolean enabled;
    private final boolean readonly;
    private final AttachmentSettings settings;
    private final FileStore store;
    private final String baseUrl;

    public Attachments(Plugins plugins, KintoSettings kinto, io.vertx.mutiny.core.Vertx vertx) {
        this.enabled = plugins.includes(PLUGIN);
        this.readonly = kinto.readonly();
        this.settings = enabled ? AttachmentSettings.from(ConfigProvider.getConfig()) : null;
        this.store = enabled ? FileStores.from(settings, vertx) : null;
        // Locations have no leading slash: the base URL gets a trailing one (as the plugin's capability shows it).
        String base = enabled ? settings.global("extra.base_url").or(() -> settings.global("base_url")).orElse("") : "";
        this.baseUrl = base.isEmpty() || base.endsWith("/") ? base : base + "/";
    }

    public boolean enabled() {
        return enabled;
    }

    AttachmentSettings settings() {
        return settings;
    }

    FileStore store() {
        return store;
    }

    /** The URL a record shows for a stored location. */
    String url(String location) {
        return baseUrl + location;
    }

    /** The {@code attachments} capability of the root endpoint. */
    public ObjectNode capability() {
        ObjectNode capability = JsonNodeFactory.instance.objectNode();
        capability.put("version", VERSION)
                .put("description", "Add file attachments to records")
                .put("url", "https://github.com/Kinto/kinto-attachment/");
        if (baseUrl.isEmpty()) {
            capability.putNull("base_url");
        } else {
            capability.put("base_url", baseUrl);
        }
        capability.put("gzipped", settings.flag("gzipped", false, null, null));
        return capability;
    }

    /**
     * With a local folder, the path under which this service serves the files itself (the path of
     * {@code attachment.base_url}, e.g. {@code /attachments/}), so that one binary is a whole deployment.
     */
    public Optional<String> servedPrefix() {
        if (!(store instanceof LocalFileStore) || baseUrl.isEmpty()) {
            return Optional.empty();
        }
        String path = baseUrl.startsWith("/") ? baseUrl : URI.create(baseUrl).getPath();
        return path == null || path.equals("/") || path.isEmpty() || path.startsWith("/v1/") ? Optional.empty() : Optional.of(path);
    }

    /** The file of a served path, if it lies below the served prefix and exists. */
    public Optional<Path> servedFile(String requestPath) {
        Optional<String> prefix = servedPrefix();
        if (prefix.isEmpty() || !requestPath.startsWith(prefix.get())) {
            return Optional.empty();
        }
        String location = java.net.URLDecoder.decode(requestPath.substring(prefix.get().length()), StandardCharsets.UTF_8);
        return ((LocalFileStore) store).resolve(location).filter(Files::isRegularFile);
    }

    /** The {@code attachments} heartbeat: a small file can be written and removed (always true when read-only). */
    public Uni<Boolean> healthy() {
        if (readonly) {
            return Uni.createFrom().item(true);
        }
        return blocking(() -> {
            Path probe = Files.createTempFile("kintoj-heartbeat", ".json");
            try {
                Files.copy(new ByteArrayInputStream("{\"test\": \"write\"}".getBytes(StandardCharsets.UTF_8)), probe,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                String location = "heartbeat-" + java.util.UUID.randomUUID() + ".json";
                store.write(location, probe, Files.size(probe), "application/json");
                store.delete(location);
                return true;
            } finally {
                Files.deleteIfExists(probe);
            }
        }).onFailure().recoverWithItem(e -> {
            LOG.warnf("Attachments heartbeat failed: %s", e.toString());
            return false;
        });
    }

    /**
     * Forgets the links whose {@code field} ({@code record_uri}, {@code collection_uri}, {@code bucket_uri}) is
     * {@code uri}; their locations (read first: a delete answers with tombstones).
     */
    static Uni<List<String>> unlink(Storage storage, String field, String uri) {
        ListQuery query = ListQuery.filtered(List.of(new Filter(field, JsonNodeFactory.instance.textNode(uri), Operator.EQ)));
        return storage.listAll(LINKS, "", query, false).chain(links -> {
            List<String> locations = links.stream().map(link -> link.path("location").asText()).toList();
            return locations.isEmpty() ? Uni.createFrom().item(locations)
                    : storage.deleteAll(LINKS, "", query, false).replaceWith(locations);
        });
    }

    /** Removes stored files after a commit; a failure only costs an orphan file, so it is logged. */
    void deleteLater(List<String> locations) {
        if (locations.isEmpty()) {
            return;
        }
        blocking(() -> {
            for (String location : locations) {
                store.delete(location);
            }
            return null;
        }).subscribe().with(done -> { }, e -> LOG.warnf("Cannot delete attachment files %s: %s", locations, e.toString()));
    }

    /**
     * Runs blocking file work on a worker thread and comes back to the caller's Vert.x context (the request's
     * transaction and events live there).
     */
    static <T> Uni<T> blocking(Callable<T> work) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Uni.createFrom().item(() -> {
                try {
                    return work.call();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool());
        }
        return Uni.createFrom().completionStage(() -> context.<T>executeBlocking(work, false).toCompletionStage());
    }
}
