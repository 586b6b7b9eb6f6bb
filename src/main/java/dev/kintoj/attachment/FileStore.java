package dev.kintoj.attachment;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where attachment files live: a local folder or an S3 bucket. Locations are relative names such as
 * {@code bid/cid/3f1c….pdf}; the records show them after {@code attachment.base_url}. The calls block: callers run
 * them on worker threads, never on the event loop.
 */
public interface FileStore {

    /**
     * Stores the file (streamed from {@code source}, never read into memory whole) under {@code location}. The
     * source is the caller's temporary file: a store may move it instead of copying it.
     */
    void write(String location, Path source, long size, String contentType) throws IOException;

    /** Removes the file; a missing file is not an error. */
    void delete(String location) throws IOException;

    boolean exists(String location) throws IOException;
}
