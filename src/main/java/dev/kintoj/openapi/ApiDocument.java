package dev.kintoj.openapi;

import dev.kintoj.api.HttpGate;
import dev.kintoj.auth.Authenticator;
import dev.kintoj.config.KintoSettings;
import dev.kintoj.core.ResourceKind;
import dev.kintoj.core.ResourceKinds;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Paths;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The OpenAPI 3 description of what this configuration serves. Nothing is listed by hand: the resource kinds
 * come from the registry (plugins included), the other endpoints and every path's methods from the gate that
 * routes requests (so settings that disable a method or an endpoint remove it here too), the security schemes
 * from the configured authentication policies.
 */
@ApplicationScoped
public class ApiDocument {

    static final String VERSION = "3.0.3";

    private final ResourceKinds kinds;
    private final HttpGate gate;
    private final Authenticator authenticator;
    private final KintoSettings settings;

    public ApiDocument(ResourceKinds kinds, HttpGate gate, Authenticator authenticator, KintoSettings settings) {
        this.kinds = kinds;
        this.gate = gate;
        this.authenticator = authenticator;
        this.settings = settings;
    }

    /** Replaces the content of {@code document} with the description of this configuration. */
    public void describe(OpenAPI document) {
        document.setOpenapi(VERSION);
        document.info(OASFactory.createInfo().title(settings.projectName())
                .version(settings.httpApiVersion())
                .description("Kinto HTTP API " + settings.httpApiVersion() + ": store, sync and share JSON objects. "
                        + "Documentation: " + settings.projectDocs()));
        String base = settings.httpHost().map(host -> settings.httpScheme().orElse("http") + "://" + host).orElse("");
        document.servers(List.of(OASFactory.createServer().url(base + "/v1")));

        Components components = OASFactory.createComponents();
        Schemas.addShared(components);
        HttpParts.addComponents(components);
        Paths paths = OASFactory.createPaths();
        Set<String> tags = new TreeSet<>();
        for (ResourceKind kind : kinds.all()) {
            KindOperations operations = new KindOperations(kind);
            operations.addSchemas(components);
            tags.add(operations.tag());
            addIfServed(paths, operations.pluralPath(), methods -> operations.pluralItem(Set.copyOf(methods)));
            if (operations.hasObjectEndpoint()) {
                addIfServed(paths, operations.objectPath(), methods -> operations.objectItem(Set.copyOf(methods)));
            }
        }
        for (String path : new TreeSet<>(gate.utilityEndpoints().keySet())) {
            tags.add(UtilityOperations.tag(path));
            addIfServed(paths, path, methods -> UtilityOperations.item(path, methods));
        }
        document.paths(paths);
        document.tags(tags.stream().map(name -> OASFactory.createTag().name(name)).toList());
        addSecurity(document, components);
        document.components(components);
    }

    private void addIfServed(Paths paths, String path, java.util.function.Function<List<String>, org.eclipse.microprofile.openapi.models.PathItem> item) {
        String allowed = gate.allowedMethods(path);
        if (allowed != null && !allowed.isEmpty()) {
            paths.addPathItem(path, item.apply(Arrays.asList(allowed.split(", "))));
        }
    }

    /**
     * One HTTP security scheme per distinct challenge of the configured policies (Basic for basicauth and
     * accounts, Bearer for OpenID); anonymous requests stay allowed, as Kinto allows them.
     */
    private void addSecurity(OpenAPI document, Components components) {
        List<SecurityRequirement> requirements = new ArrayList<>();
        for (String challenge : authenticator.challenges()) {
            String scheme = challenge.split(" ", 2)[0].toLowerCase(Locale.ROOT);
            String name = scheme + "Auth";
            if (components.getSecuritySchemes() == null || !components.getSecuritySchemes().containsKey(name)) {
                components.addSecurityScheme(name, OASFactory.createSecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme(scheme)
                        .description("Policies: " + String.join(", ", authenticator.policyNames())));
                requirements.add(OASFactory.createSecurityRequirement().addScheme(name));
            }
        }
        if (!requirements.isEmpty()) {
            requirements.add(OASFactory.createSecurityRequirement());
            document.security(requirements);
        }
    }
}
