package dev.kintoj.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/**
 * Runs once at startup, when the configuration is known: annotation scanning is off (the generic endpoints'
 * Java signatures say nothing of the API), so the whole document served at /q/openapi is {@link ApiDocument}'s.
 */
@ApplicationScoped
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class ApiDocumentFilter implements OASFilter {

    private final ApiDocument document;

    public ApiDocumentFilter(ApiDocument document) {
        this.document = document;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        document.describe(openAPI);
    }
}
