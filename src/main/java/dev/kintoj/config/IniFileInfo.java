package dev.kintoj.config;

import java.nio.file.Path;
import java.time.Instant;

/** The ini file the settings were read from, as reported by the root endpoint's {@code config} field. */
public record IniFileInfo(Path path, String sha256, Instant modified) {
}
