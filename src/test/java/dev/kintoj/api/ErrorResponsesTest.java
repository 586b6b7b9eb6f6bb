package dev.kintoj.api;

import dev.kintoj.core.KintoError;
import dev.kintoj.storage.BackendException;
import io.smallrye.mutiny.CompositeException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which failure a response answers for when several come together (a statement, then its rollback, failing). */
class ErrorResponsesTest {

    private final BackendException outage = new BackendException("PostgreSQL unavailable", null);

    @Test
    void aBackendFailureAmongSeveralIsTheOneAnswered() {
        IllegalStateException closed = new IllegalStateException("connection closed");
        assertSame(outage, ErrorResponses.primary(new CompositeException(closed, outage)));
        assertSame(outage, ErrorResponses.primary(new CompositeException(closed, new CompletionException(outage))));
        assertSame(outage, ErrorResponses.primary(new RuntimeException(new CompositeException(outage, closed))));
        assertTrue(ErrorResponses.isServerError(new CompositeException(closed, outage)));
    }

    @Test
    void otherwiseTheFirstFailureIs() {
        KintoError conflict = KintoError.conflict();
        assertSame(conflict, ErrorResponses.primary(new CompositeException(conflict, new IllegalStateException("x"))));
        assertFalse(ErrorResponses.isServerError(new CompositeException(conflict, new IllegalStateException("x"))));
        IllegalStateException bug = new IllegalStateException("bug");
        assertSame(bug, ErrorResponses.primary(bug));
    }
}
