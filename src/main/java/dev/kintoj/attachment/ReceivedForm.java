package dev.kintoj.attachment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A multipart form as the upload endpoint received it: the {@code attachment} file part already on disk (in a
 * temporary file, with its SHA-256 and size computed while it arrived), the other parts' names and values.
 */
public final class ReceivedForm {

    Path file;
    String filename;
    String clientType;
    long size;
    String sha256;
    boolean tooLarge;
    /** Names of file parts other than {@code attachment} (their content is dropped). */
    final List<String> otherFiles = new ArrayList<>();
    final Map<String, String> attributes = new LinkedHashMap<>();

    boolean hasAttachment() {
        return filename != null;
    }
}
