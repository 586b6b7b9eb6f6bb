package dev.kintoj.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import java.util.HashMap;
import java.util.Map;

/**
 * The same validation against the packaged application: with -Dnative, the validator library's keywords, its
 * bundled meta-schemas and regular expressions inside the binary.
 */
@QuarkusIntegrationTest
@TestProfile(SchemaValidationIT.Packaged.class)
class SchemaValidationIT extends SchemaValidationTest {

    /** The packaged application runs the prod profile: the anonymous bucket creation of %test comes along. */
    public static class Packaged implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(new FlushPluginTest.UtilityPluginsAndSchemas().getConfigOverrides());
            overrides.put("kinto.bucket_create_principals", "system.Everyone");
            return overrides;
        }
    }
}
