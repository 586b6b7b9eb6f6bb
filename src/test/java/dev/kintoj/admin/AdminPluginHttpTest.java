package dev.kintoj.admin;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The admin plugin serving a kinto-admin build from {@code admin_assets_path} (plugins.md §8), here a small
 * fixture build in {@code src/test/resources/kinto-admin-fixture}.
 */
@QuarkusTest
@TestProfile(AdminPluginHttpTest.WithAdminBuild.class)
class AdminPluginHttpTest {

    static final Path FIXTURE = Path.of("src/test/resources/kinto-admin-fixture").toAbsolutePath();
    private static final String CSP = "default-src 'self'; img-src data: *; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
            + "style-src 'self' 'unsafe-inline'";

    public static class WithAdminBuild implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kinto.includes", "kinto.plugins.default_bucket kinto.plugins.accounts kinto.plugins.admin",
                    "kinto.admin_assets_path", FIXTURE.toString());
        }
    }

    @Test
    void withoutTrailingSlashRedirects() {
        given().redirects().follow(false).get("/v1/admin").then().statusCode(307)
                .header("Location", endsWith("/v1/admin/"));
    }

    @Test
    void indexIsTheBuildsPageWithItsContentSecurityPolicy() throws Exception {
        Response index = given().get("/v1/admin/");
        index.then().statusCode(200).contentType(startsWith("text/html")).header("Content-Security-Policy", equalTo(CSP));
        assertArrayEquals(Files.readAllBytes(FIXTURE.resolve("index.html")), index.asByteArray());
        given().head("/v1/admin/").then().statusCode(200).contentType(startsWith("text/html"));
    }

    @Test
    void staticAssetsAreServedWithTheirTypes() throws Exception {
        Response script = given().get("/v1/admin/assets/index.js");
        script.then().statusCode(200).contentType(startsWith("text/javascript"));
        assertArrayEquals(Files.readAllBytes(FIXTURE.resolve("assets/index.js")), script.asByteArray());
        given().get("/v1/admin/assets/index.css").then().statusCode(200).contentType(startsWith("text/css"));
        given().get("/v1/admin/VERSION").then().statusCode(200).body(equalTo("1.2.3-fixture\n"));
    }

    @Test
    void missingFilesAndPathsOutOfTheBuildAreNotFound() {
        for (String path : new String[]{"/v1/admin/assets/missing.js", "/v1/admin/assets", "/v1/admin/assets/",
                "/v1/admin/%2e%2e/%2e%2e/pom.xml", "/v1/admin/..%2F..%2F..%2Fpom.xml", "/v1/admin/%2Fetc%2Fpasswd",
                "/v1/admin/%2F%2Fetc"}) {
            given().urlEncodingEnabled(false).redirects().follow(false).get(path).then().statusCode(404)
                    .contentType(startsWith("application/json")).body("errno", equalTo(111)).body("code", equalTo(404));
        }
    }

    @Test
    void writesAreRefused() {
        given().body("{}").contentType("application/json").post("/v1/admin/assets/index.js").then().statusCode(405)
                .body("errno", equalTo(115));
    }

    @Test
    void capabilityShowsTheBuildsVersion() {
        given().get("/v1/").then().statusCode(200)
                .body("capabilities.admin.version", equalTo("1.2.3-fixture"))
                .body("capabilities.admin.description", equalTo("Serves the admin console."))
                .body("capabilities.admin.url", equalTo("https://github.com/Kinto/kinto-admin/"))
                .body("capabilities.permissions_endpoint.description", startsWith("The permissions endpoint"));
        // The plugin also turns on /permissions (plugins.md §8).
        given().get("/v1/permissions").then().statusCode(200);
    }
}
