package dev.kintoj.attachment;

import io.smallrye.mutiny.Uni;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;
import io.vertx.mutiny.core.http.HttpClientResponse;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Files in an S3 bucket (AWS or any S3-compatible store given by {@code attachment.aws.endpoint_url}), spoken to
 * with Vert.x' HTTP client and Signature Version 4. Three calls (PUT, DELETE, HEAD object) do not justify an SDK
 * of several megabytes with reflection-heavy configuration in the native binary; nor does the JDK's own HTTP client
 * module, about 1.5 MB of code in the binary next to a Vert.x client the service has anyway.
 * Bodies are streamed from the file and sent as {@code UNSIGNED-PAYLOAD}, so a large upload is never held in memory.
 * The exchange runs on Vert.x' event loop; the {@link FileStore} calls wait for it on the caller's worker thread.
 */
public final class S3FileStore implements FileStore {

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final String UNSIGNED = "UNSIGNED-PAYLOAD";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final HttpClient client;
    private final URI endpoint;
    private final boolean pathStyle;
    private final String bucket;
    private final String region;
    private final String accessKey;
    private final String secretKey;
    private final String acl;

    S3FileStore(Vertx vertx, URI endpoint, boolean pathStyle, String bucket, String region, String accessKey,
                String secretKey, String acl) {
        this.vertx = vertx;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) Duration.ofSeconds(5).toMillis())
                .setKeepAlive(true));
        this.endpoint = endpoint;
        this.pathStyle = pathStyle;
        this.bucket = bucket;
        this.region = region;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.acl = acl;
    }

    static S3FileStore from(AttachmentSettings settings, Vertx vertx) {
        String bucket = settings.global("aws.bucket_name").or(() -> settings.global("aws.bucket")).orElseThrow();
        String region = settings.global("aws.region").orElse("us-east-1");
        String accessKey = settings.global("aws.access_key").orElseThrow(
                () -> new IllegalArgumentException("Plugin kinto_attachment: attachment.aws.access_key is required"));
        String secretKey = settings.global("aws.secret_key").orElseThrow(
                () -> new IllegalArgumentException("Plugin kinto_attachment: attachment.aws.secret_key is required"));
        String acl = settings.global("aws.acl").orElse(null);
        var custom = settings.global("aws.endpoint_url");
        if (custom.isPresent()) {
            String url = custom.get().endsWith("/") ? custom.get().substring(0, custom.get().length() - 1) : custom.get();
            return new S3FileStore(vertx, URI.create(url), true, bucket, region, accessKey, secretKey, acl);
        }
        return new S3FileStore(vertx, URI.create("https://" + bucket + ".s3." + region + ".amazonaws.com"), false, bucket,
                region, accessKey, secretKey, acl);
    }

    @Override
    public void write(String location, Path source, long size, String contentType) throws IOException {
        Map<String, String> headers = new TreeMap<>();
        headers.put("content-type", contentType);
        if (acl != null) {
            headers.put("x-amz-acl", acl);
        }
        send("PUT", location, headers, source, 200);
    }

    @Override
    public void delete(String location) throws IOException {
        send("DELETE", location, new TreeMap<>(), null, 204);
    }

    @Override
    public boolean exists(String location) throws IOException {
        return send("HEAD", location, new TreeMap<>(), null, -1) == 200;
    }

    /**
     * Sends a signed request (with the file as its body, if any); any status other than {@code expected} (or 2xx)
     * fails, unless expected is -1.
     */
    private int send(String method, String location, Map<String, String> headers, Path body, int expected)
            throws IOException {
        String path = (pathStyle ? endpoint.getRawPath() + "/" + encode(bucket) : endpoint.getRawPath()) + "/" + encodePath(location);
        URI uri = URI.create(endpoint.getScheme() + "://" + endpoint.getRawAuthority() + path);
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String amzDate = AMZ_DATE.format(now);
        String day = amzDate.substring(0, 8);
        headers.put("host", uri.getRawAuthority());
        headers.put("x-amz-content-sha256", UNSIGNED);
        headers.put("x-amz-date", amzDate);
        StringBuilder canonicalHeaders = new StringBuilder();
        for (Map.Entry<String, String> header : headers.entrySet()) {
            canonicalHeaders.append(header.getKey()).append(':').append(header.getValue().trim()).append('\n');
        }
        String signedHeaders = String.join(";", headers.keySet());
        String canonical = method + "\n" + path + "\n\n" + canonicalHeaders + "\n" + signedHeaders + "\n" + UNSIGNED;
        String scope = day + "/" + region + "/s3/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonical));
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), day);
        key = hmac(key, region);
        key = hmac(key, "s3");
        key = hmac(key, "aws4_request");
        String signature = hex(hmac(key, toSign));
        // The signed host header is sent as signed (Vert.x keeps a Host header it is given).
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.valueOf(method)).setAbsoluteURI(uri.toString())
                .setIdleTimeout(TIMEOUT.toMillis())
                .putHeader("Authorization", "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope
                        + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
        headers.forEach(request::putHeader);
        if (body != null) {
            // A known length, not chunked: S3 wants Content-Length on a PUT.
            request.putHeader("content-length", Long.toString(Files.size(body)));
        }
        Reply reply = await(exchange(request, body)
                .ifNoItem().after(TIMEOUT).failWith(() -> new IOException("S3 " + method + " " + location + " timed out")));
        int status = reply.status();
        if (expected != -1 && status != expected && (status < 200 || status > 299)) {
            throw new IOException("S3 " + method + " " + location + " answered " + status + ": " + reply.body());
        }
        return status;
    }

    private record Reply(int status, String body) {
    }

    private Uni<Reply> exchange(RequestOptions options, Path body) {
        if (body == null) {
            return client.request(options).chain(HttpClientRequest::send).chain(S3FileStore::read);
        }
        // The file is read as the connection takes it, and closed however the exchange ends.
        return vertx.fileSystem().open(body.toString(), new OpenOptions().setRead(true).setWrite(false).setCreate(false))
                .chain(file -> client.request(options)
                        .chain(request -> request.send(file))
                        .chain(S3FileStore::read)
                        .eventually(file::close));
    }

    private static Uni<Reply> read(HttpClientResponse response) {
        return response.body().map(buffer -> new Reply(response.statusCode(), buffer.toString()));
    }

    /** Waits on the caller's worker thread (Mutiny refuses to on an event loop); failures are I/O failures. */
    private static Reply await(Uni<Reply> exchange) throws IOException {
        try {
            return exchange.await().indefinitely();
        } catch (CompletionException e) {
            throw asIo(e.getCause() == null ? e : e.getCause());
        } catch (RuntimeException e) {
            throw asIo(e);
        }
    }

    private static IOException asIo(Throwable failure) {
        return failure instanceof IOException io ? io : new IOException(failure.toString(), failure);
    }

    private static String encodePath(String location) {
        StringBuilder path = new StringBuilder();
        for (String segment : location.split("/", -1)) {
            path.append(path.isEmpty() ? "" : "/").append(encode(segment));
        }
        return path.toString();
    }

    /** RFC 3986 percent-encoding of everything but the unreserved characters, as SigV4 wants it. */
    private static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
