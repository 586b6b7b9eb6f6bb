package dev.kintoj.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.kintoj.PackagedApp;
import dev.kintoj.PostgresAdmin;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Helm chart linted and rendered by Helm itself (helm-java embeds it), for the default values and the example
 * values files; every manifest read into the Kubernetes model and checked against the service: the pods start with
 * the environment the chart gives them, the probe paths answer, the migrate hook runs the real `migrate`.
 */
class HelmChartIT {

    private static final Path CHART = Path.of("helm", "kintoj");
    /** Hook annotations renamed so that the hooks show in the rendering (see {@link #renderable}). */
    private static final String HOOK = "kintoj.test/hook";
    private static final String DATABASE = System.getProperty("test.db", "kintoj") + "_helm";

    @Test
    void lintsWithoutWarnings() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));
    }

    @Test
    void aValueTheSchemaRefusesStopsTheRendering() {
        var error = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> new Helm(renderable()).template().withName("bad").set("postgresql.url", "mysql://db/kinto").call());
        assertTrue(error.getMessage().contains("postgresql"), error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "memory-demo-values.yaml", "postgresql-redis-ha-values.yaml", "existing-secret-ingress-values.yaml"})
    void rendersManifestsThatMatchEachOtherAndTheService(String valuesFile) throws Exception {
        var template = new Helm(renderable()).template().withName("kinto").withNamespace("apps");
        if (!valuesFile.isEmpty()) {
            template.withValuesFile(CHART.resolve("ci").resolve(valuesFile));
        }
        List<HasMetadata> resources = Manifests.resources(template.call());

        Deployment deployment = Manifests.one(resources, Deployment.class);
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertSelects(deployment.getSpec().getSelector().getMatchLabels(), podLabels, "Deployment selector");
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertHardened(container.getSecurityContext());
        assertTrue(Boolean.TRUE.equals(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()));
        assertFalse(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints().isEmpty(), "topology spread");
        assertNotNull(container.getResources().getLimits().get("memory"), "memory limit");
        assertTrue(container.getArgs().stream().anyMatch(a -> a.startsWith("-Xmx")), "explicit heap of the native binary");
        assertEquals(8888, container.getPorts().get(0).getContainerPort());

        Service service = Manifests.one(resources, Service.class);
        assertSelects(service.getSpec().getSelector(), podLabels, "Service selector");
        assertEquals(container.getPorts().get(0).getName(), service.getSpec().getPorts().get(0).getTargetPort().getStrVal());
        for (PodDisruptionBudget pdb : Manifests.ofType(resources, PodDisruptionBudget.class)) {
            assertSelects(pdb.getSpec().getSelector().getMatchLabels(), podLabels, "PodDisruptionBudget selector");
        }
        for (NetworkPolicy policy : Manifests.ofType(resources, NetworkPolicy.class)) {
            assertSelects(policy.getSpec().getPodSelector().getMatchLabels(), podLabels, "NetworkPolicy selector");
            assertEquals(8888, policy.getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal());
        }
        for (HorizontalPodAutoscaler hpa : Manifests.ofType(resources, HorizontalPodAutoscaler.class)) {
            assertEquals(deployment.getMetadata().getName(), hpa.getSpec().getScaleTargetRef().getName());
            assertEquals(null, deployment.getSpec().getReplicas(), "replicas are left to the autoscaler");
        }
        for (Ingress ingress : Manifests.ofType(resources, Ingress.class)) {
            var backend = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService();
            assertEquals(service.getMetadata().getName(), backend.getName());
            assertEquals(service.getSpec().getPorts().get(0).getName(), backend.getPort().getName());
        }
        for (GenericKubernetesResource monitor : Manifests.ofType(resources, GenericKubernetesResource.class)) {
            @SuppressWarnings("unchecked")
            Map<String, String> selector = (Map<String, String>) ((Map<String, Object>) monitor.getAdditionalProperties()
                    .get("spec")).entrySet().stream().filter(e -> e.getKey().equals("selector")).findFirst()
                    .map(e -> ((Map<String, Object>) e.getValue()).get("matchLabels")).orElseThrow();
            assertSelects(selector, service.getMetadata().getLabels(), "ServiceMonitor selector");
        }

        Map<String, String> environment = environment(resources, container);
        ServiceSettings.assertAllRead("the chart (" + valuesFile + ")", environment.keySet());
        boolean postgresql = environment.containsKey("DATABASE_URL") || !container.getEnvFrom().stream()
                .filter(e -> e.getSecretRef() != null).toList().isEmpty();
        if (postgresql) {
            PostgresAdmin.recreate(DATABASE);
            // The cluster's database is the local one here; a Secret of the user's gets its two keys from the test.
            environment.put("DATABASE_URL", PostgresAdmin.url(DATABASE));
            environment.putIfAbsent("KINTO_USERID_HMAC_SECRET", "helm-test");
            environment.computeIfPresent("REDIS_URL", (k, v) -> "redis://127.0.0.1:6379/0");
            Job job = Manifests.one(resources, Job.class);
            assertEquals("pre-install,pre-upgrade", job.getMetadata().getAnnotations().get(HOOK));
            Manifests.ofType(resources, Secret.class).forEach(secret -> assertEquals("pre-install,pre-upgrade",
                    secret.getMetadata().getAnnotations().get(HOOK), "the Secret exists before the migrate hook"));
            assertMigrates(job.getSpec().getTemplate().getSpec().getContainers().get(0), environment);
        } else {
            assertTrue(Manifests.ofType(resources, Job.class).isEmpty(), "nothing to migrate in memory");
        }
        assertServesItsProbes(container, environment);
    }

    @Test
    void existingSecretIsTheOnlySecretTheDeploymentReads() throws Exception {
        List<HasMetadata> resources = Manifests.resources(new Helm(renderable()).template().withName("kinto")
                .withValuesFile(CHART.resolve("ci").resolve("existing-secret-ingress-values.yaml")).call());
        assertTrue(Manifests.ofType(resources, Secret.class).isEmpty(), "no Secret of the chart's");
        Container container = Manifests.one(resources, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(List.of("kintoj-credentials"), container.getEnvFrom().stream().filter(e -> e.getSecretRef() != null)
                .map(e -> e.getSecretRef().getName()).toList());
    }

    /**
     * The chart as Helm renders it, hooks included: the embedded Helm's template leaves hooks out of its output
     * (the CLI prints them), so the hook annotations of a copy are renamed; the tests read them under {@link #HOOK}.
     */
    private static Path renderable() throws java.io.IOException {
        Path copy = Files.createTempDirectory("kintoj-chart").resolve("kintoj");
        try (var files = Files.walk(CHART)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = copy.resolve(CHART.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.writeString(target, Files.readString(file).replace("helm.sh/hook", HOOK));
                }
            }
        }
        return copy;
    }

    private static Map<String, String> environment(List<HasMetadata> resources, Container container) {
        Map<String, String> environment = new HashMap<>();
        for (EnvFromSource source : container.getEnvFrom()) {
            if (source.getConfigMapRef() != null) {
                ConfigMap map = Manifests.ofType(resources, ConfigMap.class).stream()
                        .filter(c -> c.getMetadata().getName().equals(source.getConfigMapRef().getName())).findFirst()
                        .orElseThrow(() -> new AssertionError("no ConfigMap " + source.getConfigMapRef().getName()));
                environment.putAll(map.getData());
            } else if (source.getSecretRef() != null) {
                Manifests.ofType(resources, Secret.class).stream()
                        .filter(s -> s.getMetadata().getName().equals(source.getSecretRef().getName()))
                        .findFirst().ifPresent(s -> environment.putAll(s.getStringData()));
            }
        }
        if (container.getEnv() != null) {
            container.getEnv().forEach(e -> environment.put(e.getName(), e.getValue()));
        }
        return environment;
    }

    private static void assertHardened(SecurityContext context) {
        assertTrue(Boolean.TRUE.equals(context.getRunAsNonRoot()), "non-root");
        assertTrue(Boolean.TRUE.equals(context.getReadOnlyRootFilesystem()), "read-only root filesystem");
        assertFalse(Boolean.TRUE.equals(context.getAllowPrivilegeEscalation()), "no privilege escalation");
    }

    private static void assertSelects(Map<String, String> selector, Map<String, String> labels, String what) {
        assertFalse(selector == null || selector.isEmpty(), what + " is empty");
        selector.forEach((k, v) -> assertEquals(v, labels.get(k), what + " " + k));
    }

    /** The container's arguments for the packaged service: -X options are the native binary's, not the jar's. */
    private static List<String> serviceArguments(Container container) {
        List<String> args = new ArrayList<>(container.getArgs() == null ? List.of() : container.getArgs());
        String nativeImage = System.getProperty("native.image.path");
        if (nativeImage == null || !java.nio.file.Files.isExecutable(Path.of(nativeImage))) {
            args.removeIf(a -> a.startsWith("-X"));
        }
        return args;
    }

    private static void assertMigrates(Container migrate, Map<String, String> environment) throws Exception {
        Map<String, String> env = new HashMap<>(environment);
        env.put("QUARKUS_HTTP_PORT", String.valueOf(PackagedApp.freePort()));
        env.remove("KINTO_AUTO_MIGRATE");
        Process process = PackagedApp.start(serviceArguments(migrate), env);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "migrate should exit by itself");
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("Migration done: storage PostgreSQL tables up to date"), output);
    }

    private static void assertServesItsProbes(Container container, Map<String, String> environment) throws Exception {
        int port = PackagedApp.freePort();
        Map<String, String> env = new HashMap<>(environment);
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        Process process = PackagedApp.start(serviceArguments(container), env);
        try {
            PackagedApp.waitForHello(port, process);
            for (var probe : List.of(container.getLivenessProbe(), container.getReadinessProbe())) {
                assertEquals("http", probe.getHttpGet().getPort().getStrVal());
                HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + probe.getHttpGet().getPath())).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), probe.getHttpGet().getPath() + ": " + response.body());
            }
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
