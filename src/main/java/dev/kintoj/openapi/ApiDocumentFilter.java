package dev.kintoj.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/**
 * Annotation scanning is off (the generic endpoints' Java signatures say nothing of the API), so the whole document
 * served at /q/openapi is {@link ApiDocument}'s. It runs when the document is asked for, not at startup: building and
 * serialising it (JSON and YAML) at startup cost a cold start about 300 classes and the work, for a document few
 * instances ever serve.
 */
@ApplicationScoped
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_PER_REQUEST)
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
