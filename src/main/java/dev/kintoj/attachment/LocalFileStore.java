package dev.kintoj.attachment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** Files under {@code attachment.base_path}. A file is moved into place whole, so readers never see half of it. */
public final class LocalFileStore implements FileStore {

    private final Path root;

    public LocalFileStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public void write(String location, Path source, long size, String contentType) throws IOException {
        Path target = resolve(location).orElseThrow(() -> new IOException("Invalid location " + location));
        Files.createDirectories(target.getParent());
        try {
            // The received file is moved into place when it is on the same file system (no second copy).
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return;
        } catch (java.nio.file.FileSystemException e) {
            // Another file system: copied to a part file first, so readers never see half a file.
        }
        Path partial = Files.createTempFile(target.getParent(), ".upload-", ".part");
        try {
            Files.copy(source, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    @Override
    public void delete(String location) throws IOException {
        Optional<Path> file = resolve(location);
        if (file.isPresent()) {
            Files.deleteIfExists(file.get());
        }
    }

    @Override
    public boolean exists(String location) {
        return resolve(location).map(Files::isRegularFile).orElse(false);
    }

    /** The file of a location, never outside the root (a location comes from a URL when files are served). */
    public Optional<Path> resolve(String location) {
        Path file = root.resolve(location).normalize();
        return file.startsWith(root) && !file.equals(root) ? Optional.of(file) : Optional.empty();
    }
}
