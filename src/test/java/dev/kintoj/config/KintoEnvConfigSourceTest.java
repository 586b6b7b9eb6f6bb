package dev.kintoj.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KintoEnvConfigSourceTest {

    @Test
    void variableNamesFollowKintoRule() {
        assertArrayEquals(new String[] {"KINTO_PAGINATE_BY", "PAGINATE_BY"},
                KintoEnvConfigSource.variableNames("kinto.paginate_by").orElseThrow());
        assertArrayEquals(
                new String[] {"KINTO_BLOG_RECORD_CACHE_EXPIRES_SECONDS", "BLOG_RECORD_CACHE_EXPIRES_SECONDS"},
                KintoEnvConfigSource.variableNames("kinto.blog.record_cache_expires_seconds").orElseThrow());
        assertArrayEquals(new String[] {"KINTO_USER_DATA_DELETE_PRINCIPALS", "USER_DATA_DELETE_PRINCIPALS"},
                KintoEnvConfigSource.variableNames("kinto.user-data_delete_principals").orElseThrow());
        assertArrayEquals(new String[] {"KINTO_MULTIAUTH_POLICIES", "MULTIAUTH_POLICIES"},
                KintoEnvConfigSource.variableNames("multiauth.policies").orElseThrow());
        assertArrayEquals(new String[] {"KINTO_MULTIAUTH_POLICY_ACCOUNT_USE", "MULTIAUTH_POLICY_ACCOUNT_USE"},
                KintoEnvConfigSource.variableNames("multiauth.policy.account.use").orElseThrow());
        assertEquals(Optional.empty(), KintoEnvConfigSource.variableNames("quarkus.http.port"));
    }

    @Test
    void readsPrefixedThenUnprefixedVariable() {
        var source = new KintoEnvConfigSource(Map.of(
                "PAGINATE_BY", "10",
                "KINTO_STORAGE_BACKEND", "kinto.core.storage.postgresql",
                "KINTO_BLOG_RECORD_CACHE_EXPIRES_SECONDS", "30",
                "SENTRY_DSN", "https://sentry.example"));

        assertEquals("10", source.getValue("kinto.paginate_by"));
        assertEquals("kinto.core.storage.postgresql", source.getValue("kinto.storage_backend"));
        assertEquals("30", source.getValue("kinto.blog.record_cache_expires_seconds"));
        assertEquals("https://sentry.example", source.getValue("kinto.sentry_dsn"));
        assertNull(source.getValue("kinto.readonly"));
        assertNull(source.getValue("paginate_by"), "only kinto.* and multiauth.* names are served");
    }

    @Test
    void kintoPrefixedVariableWins() {
        var source = new KintoEnvConfigSource(Map.of(
                "PAGINATE_BY", "10", "KINTO_PAGINATE_BY", "20",
                "MULTIAUTH_POLICIES", "basicauth", "KINTO_MULTIAUTH_POLICIES", "account"));

        assertEquals("20", source.getValue("kinto.paginate_by"));
        assertEquals("account", source.getValue("multiauth.policies"));
    }

    @Test
    void valuesAreInterpretedAsJson() {
        var source = new KintoEnvConfigSource(Map.of(
                "KINTO_PROJECT_NAME", "\"quoted name\"",
                "KINTO_PAGINATE_BY", "null",
                "PAGINATE_BY", "10",
                "KINTO_READONLY", "true",
                "KINTO_EOS", "\"broken"));

        assertEquals("quoted name", source.getValue("kinto.project_name"));
        assertNull(source.getValue("kinto.paginate_by"), "JSON null is absent even if PAGINATE_BY is set");
        assertEquals("true", source.getValue("kinto.readonly"));
        assertEquals("\"broken", source.getValue("kinto.eos"));
    }

    @Test
    void servesDynamicNamesByLookupWithoutListingThem() {
        var source = new KintoEnvConfigSource(Map.of("KINTO_BLOG_RECORD_CACHE_EXPIRES_SECONDS", "30", "UNRELATED", "x"));

        assertEquals("30", source.getValue("kinto.blog.record_cache_expires_seconds"));
        assertEquals(Set.of(), source.getPropertyNames());
    }

    @Test
    void overridesIniAndSmallRyeEnvironmentInARealConfig() {
        Map<String, String> env = Map.of(
                "MULTIAUTH_POLICIES", "basicauth",
                "KINTO_MULTIAUTH_POLICIES", "account",
                "KINTO_PROJECT_NAME", "\"from env\"",
                "PAGINATE_BY", "5");
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(env, 300))
                .withSources(new KintoEnvConfigSource(env))
                .withSources(new PropertiesConfigSource(
                        Map.of("kinto.paginate_by", "10", "kinto.readonly", "true"), "ini", IniConfigSource.ORDINAL))
                .build();

        assertEquals("account", config.getValue("multiauth.policies", String.class));
        assertEquals("from env", config.getValue("kinto.project_name", String.class));
        assertEquals(5, config.getValue("kinto.paginate_by", Integer.class));
        assertEquals("true", config.getValue("kinto.readonly", String.class));
        assertTrue(KintoEnvConfigSource.ORDINAL > 300 && KintoEnvConfigSource.ORDINAL < 400);
    }
}
