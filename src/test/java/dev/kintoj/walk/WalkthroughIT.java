package dev.kintoj.walk;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same walk against the packaged application (the native binary with -Dnative). */
@QuarkusIntegrationTest
public class WalkthroughIT extends WalkthroughTest {
}
