package dev.kintoj.admin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the admin plugin makes of {@code admin_assets_path} at startup. */
class AdminAssetsTest {

    @Test
    void withoutABuildTheIndexSaysHowToInstallOne() {
        AdminAssets none = AdminAssets.from(Optional.empty());
        assertTrue(new String(none.index(), StandardCharsets.UTF_8).contains("admin_assets_path"));
        assertEquals(Optional.empty(), none.version());
        assertEquals(Optional.empty(), none.asset("index.html"));
    }

    @Test
    void aDirectoryWithoutIndexOrVersionStopsStartup(@TempDir Path dir) throws Exception {
        IllegalArgumentException noIndex = assertThrows(IllegalArgumentException.class, () -> AdminAssets.from(Optional.of(dir.toString())));
        assertTrue(noIndex.getMessage().startsWith("Setting admin_assets_path: "), noIndex.getMessage());
        assertTrue(noIndex.getMessage().contains("index.html"), noIndex.getMessage());
        Files.writeString(dir.resolve("index.html"), "<html></html>");
        IllegalArgumentException noVersion = assertThrows(IllegalArgumentException.class, () -> AdminAssets.from(Optional.of(dir.toString())));
        assertTrue(noVersion.getMessage().contains("VERSION"), noVersion.getMessage());
        Files.writeString(dir.resolve("VERSION"), " 4.0.0\n");
        assertEquals(Optional.of("4.0.0"), AdminAssets.from(Optional.of(dir.toString())).version());
    }

    @Test
    void assetsStayInsideTheBuild(@TempDir Path dir) throws Exception {
        Path build = Files.createDirectories(dir.resolve("build"));
        Files.writeString(build.resolve("index.html"), "<html></html>");
        Files.writeString(build.resolve("VERSION"), "1");
        Files.writeString(dir.resolve("secret.txt"), "no");
        AdminAssets assets = AdminAssets.from(Optional.of(build.toString()));
        assertEquals(Optional.of(build.resolve("VERSION")), assets.asset("VERSION"));
        assertEquals(Optional.empty(), assets.asset("../secret.txt"));
        assertEquals(Optional.empty(), assets.asset(dir.resolve("secret.txt").toString()));
        assertEquals(Optional.empty(), assets.asset("."));
        assertEquals("text/javascript; charset=UTF-8", AdminAssets.mediaType(Path.of("a/b.JS")));
        assertEquals("application/octet-stream", AdminAssets.mediaType(Path.of("LICENSE")));
    }
}
