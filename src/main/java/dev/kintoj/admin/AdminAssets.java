package dev.kintoj.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The kinto-admin build of the admin plugin (plugins.md §8): a directory holding {@code index.html}, a
 * {@code VERSION} file and the static assets, given by {@code admin_assets_path}. No build is bundled with this
 * service: without the setting the index is a help page saying how to install one (as Kinto's own fallback when
 * its build is missing).
 */
public final class AdminAssets {

    /** The header Kinto sends with the admin page: the single-page application needs inline and eval'd scripts. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src data: *; "
            + "script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'";

    private static final Map<String, String> MEDIA_TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=UTF-8"),
            Map.entry("js", "text/javascript; charset=UTF-8"),
            Map.entry("mjs", "text/javascript; charset=UTF-8"),
            Map.entry("css", "text/css; charset=UTF-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("txt", "text/plain; charset=UTF-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("ttf", "font/ttf"),
            Map.entry("eot", "application/vnd.ms-fontobject"),
            Map.entry("wasm", "application/wasm"));

    private static final String HELP = """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>Kinto Admin</title></head>
            <body><h1>Kinto Admin is not installed</h1>
            <p>This server serves a kinto-admin build from the directory named by the
            <code>admin_assets_path</code> setting (<code>KINTO_ADMIN_ASSETS_PATH</code>). Download a kinto-admin
            release built for <code>/v1/admin/</code>, unpack it, and point the setting at the directory that holds
            its <code>index.html</code> and <code>VERSION</code> files.</p>
            </body></html>
            """;

    private final Path root;
    private final String version;
    private final byte[] index;

    private AdminAssets(Path root, String version, byte[] index) {
        this.root = root;
        this.version = version;
        this.index = index;
    }

    /**
     * The build in {@code assetsPath}, read at startup (Kinto reads it once too); a directory without
     * {@code index.html} or {@code VERSION} stops startup with a message naming the setting.
     */
    public static AdminAssets from(Optional<String> assetsPath) {
        if (assetsPath.isEmpty() || assetsPath.get().isBlank()) {
            return new AdminAssets(null, null, HELP.getBytes(StandardCharsets.UTF_8));
        }
        Path root;
        try {
            root = Path.of(assetsPath.get().trim()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("Setting admin_assets_path: invalid path " + assetsPath.get());
        }
        Path index = root.resolve("index.html");
        Path version = root.resolve("VERSION");
        for (Path required : new Path[]{index, version}) {
            if (!Files.isRegularFile(required)) {
                throw new IllegalArgumentException("Setting admin_assets_path: " + root + " has no "
                        + required.getFileName() + " (it must be the directory of a kinto-admin build)");
            }
        }
        try {
            return new AdminAssets(root, Files.readString(version, StandardCharsets.UTF_8).strip(), Files.readAllBytes(index));
        } catch (IOException e) {
            throw new UncheckedIOException("Setting admin_assets_path: cannot read " + root, e);
        }
    }

    /** The build's version ({@code VERSION}), empty when no build is installed. */
    public Optional<String> version() {
        return Optional.ofNullable(version);
    }

    /** The page served at {@code /v1/admin/}. */
    public byte[] index() {
        return index;
    }

    /**
     * The file of the build at {@code subpath} (relative, already URL-decoded), or empty when there is none: no
     * build, a directory, or a path leading out of the build.
     */
    public Optional<Path> asset(String subpath) {
        if (root == null || subpath.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        Path file;
        try {
            file = root.resolve(subpath).normalize();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(file);
    }

    /** The Content-Type of an asset, by its extension. */
    public static String mediaType(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return MEDIA_TYPES.getOrDefault(extension, "application/octet-stream");
    }
}
