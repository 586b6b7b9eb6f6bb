package dev.kintoj.attachment;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The settings the attachment tests share, on a local folder or on S3 (one Quarkus restart each). */
final class AttachmentProfiles {

    /**
     * The local folder of {@link Local}, one per test JVM. Named from the process id: Quarkus loads the profile and
     * the test class in different class loaders, which must agree on it.
     */
    static final Path FOLDER = Path.of("target", "attachments-" + ProcessHandle.current().pid()).toAbsolutePath();

    private AttachmentProfiles() {
    }

    /**
     * Kinto's plugins plus attachments; per-resource rules on dedicated buckets: {@code plain} (names kept),
     * {@code zipped} (gzipped), {@code keep} (keep_old_files), collection {@code small} (10-byte limit), and
     * {@code any} (every extension).
     */
    static Map<String, String> common() {
        Map<String, String> config = new HashMap<>();
        config.put("kinto.includes", "kinto.plugins.default_bucket kinto.plugins.accounts kinto_attachment");
        config.put("kinto.attachment.folder", "{bucket_id}/{collection_id}");
        config.put("kinto.attachment.mimetypes", ".txt:text/vnd.graphviz");
        config.put("kinto.attachment.resources.plain.randomize", "false");
        config.put("kinto.attachment.resources.zipped.gzipped", "true");
        config.put("kinto.attachment.resources.keep.keep_old_files", "true");
        config.put("kinto.attachment.resources.limits.small.max_size_bytes", "10");
        config.put("kinto.attachment.resources.any.extensions", "any");
        return config;
    }

    public static class Local implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = common();
            config.put("kinto.attachment.base_path", FOLDER.toString());
            // A path: the service serves the files itself, under /attachments/.
            config.put("kinto.attachment.base_url", "/attachments/");
            return config;
        }
    }

    /** On S3 (s3proxy); the files are served by the store, under a CDN-like base URL. */
    public static class S3 implements QuarkusTestProfile {
        static final String BASE_URL = "https://cdn.example.com/files/";

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = common();
            config.put("kinto.attachment.base_url", BASE_URL);
            return config;
        }

        @Override
        public java.util.List<TestResourceEntry> testResources() {
            return java.util.List.of(new TestResourceEntry(S3Proxy.class));
        }
    }

}
