package dev.kintoj.attachment;

import dev.kintoj.config.StrictBooleanConverter;
import org.eclipse.microprofile.config.Config;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code attachment.*} settings of the kinto-attachment plugin. An option may be overridden per bucket or per
 * collection ({@code attachment.resources.<bid>[.<cid>].<option>}); the most specific value wins.
 */
public final class AttachmentSettings {

    static final String PREFIX = "kinto.attachment.";
    private static final String RESOURCES = PREFIX + "resources.";
    /** Kinto accepts gzipped, randomize and keep_old_files per resource; the restrictions make sense there too. */
    private static final Set<String> PER_RESOURCE = Set.of("gzipped", "randomize", "keep_old_files", "folder",
            "extensions", "mimetypes", "max_size_bytes");

    /** pyramid_storage's extension groups; {@code default} is what the plugin allows when nothing is set. */
    private static final Map<String, Set<String>> GROUPS = Map.of(
            "text", Set.of("txt"),
            "documents", Set.of("pdf", "rtf", "odf", "ods", "gnumeric", "abw", "doc", "docx", "xls", "xlsx"),
            "images", Set.of("jpg", "jpe", "jpeg", "png", "gif", "svg", "bmp", "tiff", "webp"),
            "audio", Set.of("wav", "mp3", "aac", "ogg", "oga", "flac"),
            "data", Set.of("csv", "ini", "json", "plist", "xml", "yaml", "yml", "geojson", "pem"),
            "scripts", Set.of("js", "php", "pl", "py", "rb", "sh"),
            "archives", Set.of("gz", "bz2", "zip", "tar", "tgz", "txz", "7z"),
            "executables", Set.of("so", "exe", "dll"));
    /** Media types the plugin assigns whatever the client says. */
    private static final Map<String, String> DEFAULT_MIMETYPES = Map.of(
            ".pem", "application/x-pem-file",
            ".geojson", "application/geojson");

    private final Config config;
    private final Map<String, Map<String, String>> perResource = new HashMap<>();

    private AttachmentSettings(Config config) {
        this.config = config;
    }

    /**
     * Global options are looked up by name (so {@code KINTO_ATTACHMENT_BASE_PATH} works); the per-resource names are
     * enumerated from the configuration files, and a malformed one stops startup, as in Kinto.
     */
    public static AttachmentSettings from(Config config) {
        AttachmentSettings settings = new AttachmentSettings(config);
        for (String name : config.getPropertyNames()) {
            if (!name.startsWith(RESOURCES)) {
                continue;
            }
            String value = config.getOptionalValue(name, String.class).map(String::trim).orElse("");
            String[] parts = name.substring(RESOURCES.length()).split("\\.");
            String uri;
            if (parts.length == 3) {
                uri = "/buckets/" + parts[0] + "/collections/" + parts[1];
            } else if (parts.length == 2) {
                uri = "/buckets/" + parts[0];
            } else {
                throw new IllegalArgumentException("Configuration rule malformed: `" + name.substring(6) + "`");
            }
            String option = parts[parts.length - 1];
            if (!PER_RESOURCE.contains(option)) {
                throw new IllegalArgumentException("`" + option + "` is not a supported setting name. Read `"
                        + name.substring(6) + "`");
            }
            settings.perResource.computeIfAbsent(uri, k -> new HashMap<>()).put(option, value);
        }
        return settings;
    }

    public Optional<String> global(String name) {
        return config.getOptionalValue(PREFIX + name, String.class).map(String::trim).filter(v -> !v.isEmpty());
    }

    /** The option's value for objects of this bucket and collection (either may be null). */
    public Optional<String> value(String name, String bucketId, String collectionId) {
        String value = global(name).orElse(null);
        if (bucketId != null) {
            value = perResource.getOrDefault("/buckets/" + bucketId, Map.of()).getOrDefault(name, value);
            if (collectionId != null) {
                value = perResource.getOrDefault("/buckets/" + bucketId + "/collections/" + collectionId, Map.of())
                        .getOrDefault(name, value);
            }
        }
        return Optional.ofNullable(value).filter(v -> !v.isEmpty());
    }

    public boolean flag(String name, boolean fallback, String bucketId, String collectionId) {
        return value(name, bucketId, collectionId).map(v -> new StrictBooleanConverter().convert(v)).orElse(fallback);
    }

    /** {@code max_size_bytes}, or -1 for no limit. */
    public long maxSize(String bucketId, String collectionId) {
        return value("max_size_bytes", bucketId, collectionId).map(v -> {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Setting attachment.max_size_bytes must be an integer, not '" + v + "'");
            }
        }).orElse(-1L);
    }

    /**
     * Whether a file name's extension is allowed by {@code extensions}: extensions and group names separated by
     * spaces, commas or {@code +} ({@code any} allows everything; the default is {@code default}).
     */
    public boolean extensionAllowed(String filename, String bucketId, String collectionId) {
        String setting = value("extensions", bucketId, collectionId).orElse("default").toLowerCase(Locale.ROOT);
        Set<String> allowed = new LinkedHashSet<>();
        for (String token : setting.split("[\\s,+]+")) {
            if (token.equals("any")) {
                return true;
            } else if (token.equals("default")) {
                for (String group : new String[] {"text", "documents", "images", "audio", "data"}) {
                    allowed.addAll(GROUPS.get(group));
                }
            } else if (GROUPS.containsKey(token)) {
                allowed.addAll(GROUPS.get(token));
            } else if (!token.isEmpty()) {
                allowed.add(token.startsWith(".") ? token.substring(1) : token);
            }
        }
        String extension = extension(filename);
        return !extension.isEmpty() && allowed.contains(extension.substring(1).toLowerCase(Locale.ROOT));
    }

    /** The media type the record shows: from {@code mimetypes} ({@code .ext:type;...}) or the client's. */
    public String mimetype(String filename, String clientType, String bucketId, String collectionId) {
        Map<String, String> types = new HashMap<>(DEFAULT_MIMETYPES);
        value("mimetypes", bucketId, collectionId).ifPresent(setting -> {
            for (String pair : setting.split(";")) {
                int colon = pair.indexOf(':');
                if (colon > 0) {
                    types.put(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
                }
            }
        });
        String type = types.get(extension(filename));
        if (type != null) {
            return type;
        }
        return clientType == null || clientType.isBlank() ? "application/octet-stream" : clientType;
    }

    /** The extension with its dot ({@code .pdf}), empty if none (as Python's splitext: {@code .tar.gz} is {@code .gz}). */
    static String extension(String filename) {
        int dot = filename.lastIndexOf('.');
        return dot <= 0 ? "" : filename.substring(dot);
    }
}
