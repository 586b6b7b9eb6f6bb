package dev.kintoj.core;

import dev.kintoj.config.DynamicSettings;
import dev.kintoj.config.KintoSettings;

import java.util.Optional;

/** The settings the engine reads, in one place. */
public class EngineSettings {

    private final KintoSettings settings;
    private final DynamicSettings dynamic;

    public EngineSettings(KintoSettings settings, DynamicSettings dynamic) {
        this.settings = settings;
        this.dynamic = dynamic;
    }

    public Optional<Integer> paginateBy() {
        return settings.paginateBy();
    }

    public int storageMaxFetchSize() {
        return settings.storageMaxFetchSize();
    }

    public int paginationTokenValiditySeconds() {
        return settings.paginationTokenValiditySeconds();
    }

    public boolean explicitPermissions() {
        return settings.explicitPermissions();
    }

    public boolean schemaValidation() {
        return settings.experimentalCollectionSchemaValidation();
    }

    public Optional<String> httpScheme() {
        return settings.httpScheme();
    }

    public Optional<String> httpHost() {
        return settings.httpHost();
    }

    /** An integer setting by unprefixed name, e.g. {@code b1.c1.record_cache_expires_seconds}. */
    public Optional<Integer> integer(String key) {
        return dynamic.integer(key);
    }
}
