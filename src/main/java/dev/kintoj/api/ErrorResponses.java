package dev.kintoj.api;

import dev.kintoj.auth.Authenticator;
import dev.kintoj.config.KintoSettings;
import dev.kintoj.core.Errno;
import dev.kintoj.core.Json;
import dev.kintoj.core.KintoError;
import dev.kintoj.storage.BackendException;
import dev.kintoj.storage.IntegrityException;
import dev.kintoj.storage.InvalidValueException;
import dev.kintoj.storage.ReadonlyTimestampException;
import io.smallrye.mutiny.CompositeException;
import jakarta.inject.Singleton;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure becomes Kinto's error envelope (errors.md); unexpected ones are logged and answered 500. */
@Singleton
public class ErrorResponses {

    private static final Logger LOG = Logger.getLogger(ErrorResponses.class);

    private final KintoSettings settings;
    private final Authenticator authenticator;

    public ErrorResponses(KintoSettings settings, Authenticator authenticator) {
        this.settings = settings;
        this.authenticator = authenticator;
    }

    @ServerExceptionMapper
    public Response kinto(KintoError error) {
        if (error.status == 401) {
            Response.ResponseBuilder builder = Response.fromResponse(render(error));
            authenticator.challenges().forEach(challenge -> builder.header("WWW-Authenticate", challenge));
            return builder.build();
        }
        return render(error);
    }

    @ServerExceptionMapper
    public Response integrity(IntegrityException e) {
        return render(KintoError.conflict());
    }

    /** A value the database refuses (PostgreSQL text cannot hold NUL characters): the request is at fault. */
    @ServerExceptionMapper
    public Response invalidValue(InvalidValueException e) {
        return render(new KintoError(400, Errno.INVALID_PARAMETERS, "Invalid parameters",
                "Unsupported value: " + e.getMessage(), null));
    }

    @ServerExceptionMapper
    public Response readonlyTimestamp(ReadonlyTimestampException e) {
        return render(KintoError.backend(e.getMessage()));
    }

    @ServerExceptionMapper
    public Response backend(BackendException e) {
        LOG.warn("Backend failure", e);
        return render(KintoError.backendUnavailable());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 404) {
            return render(KintoError.unknownUrl());
        }
        if (status == 405) {
            return render(KintoError.methodNotAllowed(e.getResponse().getHeaderString("Allow")));
        }
        if (status >= 500) {
            LOG.error("Unexpected server error", e);
            return render(KintoError.internal(settings.errorInfoLink()));
        }
        String reason = Response.Status.fromStatusCode(status) == null ? "Error" : Response.Status.fromStatusCode(status).getReasonPhrase();
        return render(new KintoError(status, Errno.UNDEFINED, reason, e.getMessage(), null));
    }

    /**
     * Several failures at once (Mutiny's CompositeException: a failed statement, then a failed rollback or close)
     * are answered as the one that matters: a backend outage first, then the first failure.
     */
    @ServerExceptionMapper
    public Response composite(CompositeException e) {
        return toResponse(primary(e));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        Throwable primary = primary(e);
        if (primary != e) {
            return toResponse(primary);
        }
        LOG.error("Unexpected server error", e);
        return render(KintoError.internal(settings.errorInfoLink()));
    }

    /**
     * The failure to answer for: the failure itself, unless it wraps others (composite or as a cause), in which
     * case a backend failure among them (the request is not at fault, the service is unavailable) or the first one.
     */
    static Throwable primary(Throwable failure) {
        Throwable backend = null;
        java.util.ArrayDeque<Throwable> pending = new java.util.ArrayDeque<>();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        pending.add(failure);
        while (!pending.isEmpty() && seen.size() < 32) {
            Throwable current = pending.poll();
            if (!seen.add(current)) {
                continue;
            }
            if (current instanceof BackendException || current instanceof ReadonlyTimestampException) {
                backend = backend == null ? current : backend;
            }
            if (current instanceof CompositeException composite) {
                pending.addAll(composite.getCauses());
            } else if (current.getCause() != null) {
                pending.add(current.getCause());
            }
        }
        if (backend != null) {
            return backend;
        }
        if (failure instanceof CompositeException composite && !composite.getCauses().isEmpty()) {
            return primary(composite.getCauses().get(0));
        }
        return failure;
    }

    /** Whether this failure is answered with a 5xx (without rendering or logging it). */
    static boolean isServerError(Throwable failure) {
        failure = primary(failure);
        if (failure instanceof KintoError e) {
            return e.status >= 500;
        }
        if (failure instanceof WebApplicationException e) {
            return e.getResponse().getStatus() >= 500;
        }
        return !(failure instanceof IntegrityException || failure instanceof InvalidValueException);
    }

    /** The response the mapper of this exception's type gives, for failures caught outside JAX-RS (batch). */
    Response toResponse(Throwable failure) {
        failure = failure instanceof BackendException ? failure : primary(failure);
        if (failure instanceof KintoError e) {
            return kinto(e);
        } else if (failure instanceof IntegrityException e) {
            return integrity(e);
        } else if (failure instanceof InvalidValueException e) {
            return invalidValue(e);
        } else if (failure instanceof ReadonlyTimestampException e) {
            return readonlyTimestamp(e);
        } else if (failure instanceof BackendException e) {
            return backend(e);
        } else if (failure instanceof WebApplicationException e) {
            return web(e);
        }
        return unexpected(failure);
    }

    static Response render(KintoError error) {
        Response.ResponseBuilder builder = Response.status(error.status)
                .entity(Json.bytes(error.body()))
                .type("application/json");
        error.headers.forEach(builder::header);
        return builder.build();
    }
}
