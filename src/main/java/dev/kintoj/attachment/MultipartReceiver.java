package dev.kintoj.attachment;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Streams a multipart request to disk: the {@code attachment} part goes chunk by chunk to a temporary file (with
 * back-pressure, hashing on the way), so the heap holds a chunk at a time whatever the file size. Past
 * {@code maxSize} bytes the rest is read and dropped, and the form is marked too large.
 */
final class MultipartReceiver {

    static final String FILE_FIELD = "attachment";

    private MultipartReceiver() {
    }

    static Uni<ReceivedForm> receive(Vertx vertx, HttpServerRequest request, long maxSize) {
        ReceivedForm form = new ReceivedForm();
        Promise<Void> ended = Promise.promise();
        List<Future<Void>> parts = new ArrayList<>();
        request.setExpectMultipart(true);
        request.uploadHandler(upload -> {
            if (!upload.name().equals(FILE_FIELD) || form.hasAttachment() || upload.filename() == null) {
                form.otherFiles.add(upload.name());
                upload.handler(chunk -> { });
                return;
            }
            form.filename = upload.filename();
            form.clientType = upload.contentType();
            if (form.filename.isEmpty()) {
                upload.handler(chunk -> { });
                return;
            }
            Promise<Void> stored = Promise.promise();
            parts.add(stored.future());
            upload.pause();
            vertx.fileSystem().createTempFile("kintoj-upload-", ".part")
                    .compose(path -> {
                        form.file = Path.of(path);
                        return vertx.fileSystem().open(path, new OpenOptions().setWrite(true).setTruncateExisting(true));
                    })
                    .onSuccess(file -> stream(upload, file, form, maxSize, stored))
                    .onFailure(e -> {
                        stored.tryFail(e);
                        upload.handler(chunk -> { });
                        upload.resume();
                    });
        });
        request.exceptionHandler(ended::tryFail);
        request.endHandler(v -> {
            request.formAttributes().forEach(entry -> form.attributes.putIfAbsent(entry.getKey(), entry.getValue()));
            ended.tryComplete();
        });
        return Uni.createFrom().completionStage(() -> ended.future()
                .compose(v -> Future.all(new ArrayList<>(parts)))
                .map(v -> form)
                .toCompletionStage())
                .onFailure().call(() -> discard(vertx, form));
    }

    private static void stream(HttpServerFileUpload upload, AsyncFile file, ReceivedForm form, long maxSize,
                               Promise<Void> stored) {
        MessageDigest digest = sha256();
        upload.handler(chunk -> {
            form.size += chunk.length();
            if (form.tooLarge || (maxSize >= 0 && form.size > maxSize)) {
                form.tooLarge = true;
                return;
            }
            digest.update(chunk.getByteBuf().nioBuffer());
            file.write(chunk);
            if (file.writeQueueFull()) {
                upload.pause();
                file.drainHandler(v -> upload.resume());
            }
        });
        upload.exceptionHandler(e -> file.close().onComplete(ignored -> stored.tryFail(e)));
        upload.endHandler(v -> file.close().onComplete(closed -> {
            form.sha256 = HexFormat.of().formatHex(digest.digest());
            if (closed.failed()) {
                stored.tryFail(closed.cause());
            } else {
                stored.tryComplete();
            }
        }));
        upload.resume();
    }

    /** Removes the temporary file of a form (when the request is over, whatever its outcome). */
    static Uni<Void> discard(Vertx vertx, ReceivedForm form) {
        if (form.file == null) {
            return Uni.createFrom().voidItem();
        }
        String path = form.file.toString();
        form.file = null;
        return Uni.createFrom().completionStage(() -> vertx.fileSystem().delete(path).toCompletionStage())
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
