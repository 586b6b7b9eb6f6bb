package dev.kintoj;

import java.util.Arrays;
import java.util.Optional;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * Keeps the second run of the suites (surefire execution {@code postgresql}, every backend on PostgreSQL) to the
 * suites whose answers depend on that configuration: the {@code @QuarkusTest} ones, which serve HTTP through the
 * configured backends. Plain unit tests read none of it (the backend contract tests open each backend themselves),
 * so they run once, in the first execution. Active only when the system property {@value #PROPERTY} is true;
 * registered for the JUnit launcher in {@code META-INF/services}.
 */
public final class BackendSuitesOnly implements PostDiscoveryFilter {

    static final String PROPERTY = "kintoj.tests.backend-suites-only";
    private static final String QUARKUS_TEST = "io.quarkus.test.junit.QuarkusTest";

    @Override
    public FilterResult apply(TestDescriptor descriptor) {
        if (!Boolean.getBoolean(PROPERTY)) {
            return FilterResult.included("every suite runs");
        }
        Optional<Class<?>> suite = descriptor.getSource().flatMap(BackendSuitesOnly::suiteClass);
        if (suite.isEmpty() || servesHttp(suite.get())) {
            return FilterResult.included("runs on the configured backends");
        }
        return FilterResult.excluded("a unit test: it ran in the first execution");
    }

    private static Optional<Class<?>> suiteClass(TestSource source) {
        if (source instanceof ClassSource classSource) {
            return Optional.of(classSource.getJavaClass());
        }
        if (source instanceof MethodSource methodSource) {
            return Optional.of(methodSource.getJavaClass());
        }
        return Optional.empty();
    }

    /** By name: the suite may come from another class loader than this filter (Quarkus' test class loading). */
    private static boolean servesHttp(Class<?> suite) {
        for (Class<?> c = suite; c != null; c = c.getEnclosingClass()) {
            if (Arrays.stream(c.getAnnotations()).anyMatch(a -> a.annotationType().getName().equals(QUARKUS_TEST))) {
                return true;
            }
        }
        return false;
    }
}
