package dev.kintoj.api;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.quarkus.smallrye.openapi.runtime.OpenApiDocumentService;
import io.smallrye.openapi.runtime.io.Format;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /v1/__api__} (Kinto's path, api.md §13.5): the same bytes as {@code /q/openapi?format=json}, built by
 * {@code dev.kintoj.openapi.ApiDocument}. OpenAPI 3 where Kinto serves Swagger 2.0.
 */
@Path("/v1" + ApiDocumentEndpoint.PATH)
public class ApiDocumentEndpoint {

    static final String PATH = "/__api__";

    private final OpenApiDocumentService documents;

    public ApiDocumentEndpoint(OpenApiDocumentService documents) {
        this.documents = documents;
    }

    @GET
    public Response document() {
        return Response.ok(documents.getDocument(OpenApiFilter.DEFAULT_DOCUMENT_NAME, Format.JSON), "application/json").build();
    }
}
