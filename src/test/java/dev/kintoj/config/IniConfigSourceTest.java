package dev.kintoj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IniConfigSourceTest {

    @TempDir
    Path dir;

    private Path write(String content) throws Exception {
        Path file = dir.resolve("kinto.ini");
        Files.writeString(file, content);
        return file;
    }

    private IniConfigSource source(String content) throws Exception {
        return new IniConfigSource(write(content));
    }

    @Test
    void prefixesKeysOnlyWhenNeeded() throws Exception {
        var source = source("""
                [server:main]
                port = 8888
                [app:main]
                kinto.storage_backend = kinto.core.storage.postgresql
                paginate_by = 10
                multiauth.policies = basicauth
                kinto.multiauth.policy.basicauth.use = kinto.core.authentication.BasicAuthAuthenticationPolicy
                blog.record_cache_expires_seconds = 30
                """);

        assertEquals(Map.of(
                "kinto.storage_backend", "kinto.core.storage.postgresql",
                "kinto.paginate_by", "10",
                "multiauth.policies", "basicauth",
                "multiauth.policy.basicauth.use", "kinto.core.authentication.BasicAuthAuthenticationPolicy",
                "kinto.blog.record_cache_expires_seconds", "30"), source.getProperties());
        assertEquals("10", source.getValue("kinto.paginate_by"));
        assertNull(source.getValue("paginate_by"));
        assertNull(source.getValue("kinto.port"), "other sections are ignored");
        assertEquals(260, source.getOrdinal());
    }

    @Test
    void conflictingPrefixedAndUnprefixedKeysFailWithKintoMessage() throws Exception {
        var file = write("""
                [app:main]
                kinto.storage_backend = kinto.core.storage.memory
                storage_backend = kinto.core.storage.postgresql
                """);

        var e = assertThrows(IllegalStateException.class, () -> new IniConfigSource(file));

        assertEquals("Settings 'storage_backend', 'kinto.storage_backend' are in conflict.", e.getMessage());
    }

    @Test
    void conflictMessageListsUnprefixedKeyFirstWhateverTheOrder() throws Exception {
        var file = write("""
                [app:main]
                paginate_by = 10
                kinto.paginate_by = 20
                """);

        var e = assertThrows(IllegalStateException.class, () -> new IniConfigSource(file));

        assertEquals("Settings 'paginate_by', 'kinto.paginate_by' are in conflict.", e.getMessage());
    }

    @Test
    void sameValueWithAndWithoutPrefixIsAccepted() throws Exception {
        var source = source("""
                [app:main]
                paginate_by = 10
                kinto.paginate_by = 10
                """);

        assertEquals(Map.of("kinto.paginate_by", "10"), source.getProperties());
    }

    @Test
    void jsonStringLiteralsAreUnquotedOtherValuesKeptVerbatim() throws Exception {
        var source = source("""
                [app:main]
                project_name = "my \\"kinto\\""
                eos_message = "line\\nbreak"
                batch_max_requests = 25
                readonly = true
                not_json = "unterminated
                two_strings = "a" "b"
                plain = hello world
                """);

        assertEquals("my \"kinto\"", source.getValue("kinto.project_name"));
        assertEquals("line\nbreak", source.getValue("kinto.eos_message"));
        assertEquals("25", source.getValue("kinto.batch_max_requests"));
        assertEquals("true", source.getValue("kinto.readonly"));
        assertEquals("\"unterminated", source.getValue("kinto.not_json"));
        assertEquals("\"a\" \"b\"", source.getValue("kinto.two_strings"));
        assertEquals("hello world", source.getValue("kinto.plain"));
    }

    @Test
    void jsonNullMeansAbsent() throws Exception {
        var source = source("""
                [app:main]
                paginate_by = null
                kinto.eos = null
                project_name = "null"
                """);

        assertNull(source.getValue("kinto.paginate_by"));
        assertNull(source.getValue("kinto.eos"));
        assertFalse(source.getPropertyNames().contains("kinto.paginate_by"));
        assertEquals(Set.of("kinto.project_name"), source.getPropertyNames());
        assertEquals("null", source.getValue("kinto.project_name"));
    }

    @Test
    void missingFileFailsClearly() {
        Path missing = dir.resolve("nope.ini");

        var e = assertThrows(IllegalStateException.class, () -> new IniConfigSource(missing));

        assertEquals("Kinto ini file not found: " + missing, e.getMessage());
    }

    @Test
    void noPathMeansEmptySource() {
        var source = new IniConfigSource(null);

        assertTrue(source.getProperties().isEmpty());
        assertEquals(Optional.empty(), source.getPath());
        assertEquals(Optional.empty(), source.fileInfo());
    }

    @Test
    void missingAppSectionMeansEmptySource() throws Exception {
        assertTrue(source("[server:main]\nport = 8888\n").getProperties().isEmpty());
    }

    @Test
    void syntaxErrorsNameTheFile() throws Exception {
        var file = write("[app:main]\noops\n");

        var e = assertThrows(IllegalArgumentException.class, () -> new IniConfigSource(file));

        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void describesTheLoadedFile() throws Exception {
        String content = "[app:main]\nkinto.paginate_by = 10\n";
        Path file = write(content);
        Instant modified = Instant.parse("2024-05-06T07:08:09Z");
        Files.setLastModifiedTime(file, FileTime.from(modified));

        IniFileInfo info = new IniConfigSource(file).fileInfo().orElseThrow();

        String expectedHash = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        assertEquals(file.toAbsolutePath(), info.path());
        assertEquals(expectedHash, info.sha256());
        assertEquals(64, info.sha256().length());
        assertEquals(modified, info.modified());
    }

    @Test
    void relativePathIsReportedAbsolute() throws Exception {
        write("[app:main]\n");
        Path relative = Path.of("").toAbsolutePath().relativize(dir.resolve("kinto.ini"));

        var source = new IniConfigSource(relative);

        assertEquals(Optional.of(dir.resolve("kinto.ini").toAbsolutePath().normalize()), source.getPath());
    }
}
