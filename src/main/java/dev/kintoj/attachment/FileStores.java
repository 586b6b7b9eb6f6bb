package dev.kintoj.attachment;

import io.vertx.mutiny.core.Vertx;

import java.nio.file.Path;

/** The store the settings name: {@code attachment.base_path} (a local folder) or {@code attachment.aws.*} (S3). */
final class FileStores {

    private FileStores() {
    }

    static FileStore from(AttachmentSettings settings, Vertx vertx) {
        var basePath = settings.global("base_path");
        if (basePath.isPresent()) {
            return new LocalFileStore(Path.of(basePath.get()));
        }
        if (settings.global("aws.bucket_name").isPresent() || settings.global("aws.bucket").isPresent()) {
            return S3FileStore.from(settings, vertx);
        }
        throw new IllegalArgumentException("Plugin kinto_attachment: set attachment.base_path (a local folder) "
                + "or attachment.aws.bucket_name (an S3 bucket)");
    }
}
