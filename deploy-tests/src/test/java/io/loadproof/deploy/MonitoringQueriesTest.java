package io.loadproof.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.loadproof.embedded.mongo.MongoWireServer;
import io.loadproof.embedded.process.FreePorts;
import io.loadproof.embedded.process.ManagedProcess;
import io.loadproof.embedded.redis.RedisServerProcess;
import io.loadproof.model.EnvironmentVariable;
import io.loadproof.model.RedisKeys;

/**
 * Every query of k8s/monitoring/dashboard.json and every alert of rules.yaml, evaluated by a real
 * Prometheus (Debian's package) that scrapes the real api-service and writer-service under a short
 * load, with the labels the Kubernetes discovery of prometheus.yml gives them (namespace, pod, app).
 * <ul>
 * <li>Before any writer runs, the API fills a small queue and refuses: WritersStalled,
 * ApiRefusesWrites and BacklogReachesRefusalPoint must return their alert.</li>
 * <li>A writer starts and drains; WritersStalled must then return nothing; an undecodable entry
 * makes DeadLetters return its alert.</li>
 * <li>Every dashboard query must return data carrying the labels its legend names, except the
 * Kubernetes ones (kube-state-metrics, cAdvisor), which cannot exist here: those must parse and
 * return an empty result.</li>
 * </ul>
 * The API's Redis-memory gauges come with another change: while the API does not export them,
 * their queries are only parsed, and the test says so.
 */
class MonitoringQueriesTest {

    /** Metric families that only a Kubernetes cluster has. */
    private static final Pattern KUBERNETES_ONLY = Pattern.compile("\\b(kube_\\w+|container_\\w+)\\{");
    private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");
    /**
     * The API's reserve below Redis' maxmemory here, and the room above it, set once the load has
     * opened its connections (Redis 7.0 counts their buffers): a few thousand entries fill it.
     */
    private static final long RESERVE_BYTES = 1 << 20;
    private static final long QUEUE_ROOM_BYTES = 512 * 1024;
    private static final String RATE_INTERVAL = "10s";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void promtoolAcceptsTheRules() {
        Path promtool = OptionalTool.PROMTOOL.require();
        Processes.Result result = Processes.run(List.of(promtool.toString(), "check", "rules", "k8s/monitoring/rules.yaml"),
                Repo.root());
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).contains("SUCCESS: " + alerts().size() + " rules found");
    }

    @Test
    void everyPanelAndEveryAlertAnswersAgainstTheRealServices() throws Exception {
        Path prometheusProgram = OptionalTool.PROMETHEUS.require();
        Map<String, String> alerts = alerts();
        assertThat(alerts).containsOnlyKeys("BacklogReachesRefusalPoint", "DeadLetters", "WritersStalled", "ApiRefusesWrites");
        int apiPort = FreePorts.next();
        int writerPort = FreePorts.next();
        int prometheusPort = FreePorts.next();
        try (RedisServerProcess redis = RedisServerProcess.startNew();
                MongoWireServer mongo = MongoWireServer.start(0, OptionalInt.empty());
                ManagedProcess api = service("api-service", apiPort, redis, mongo,
                        Map.of(EnvironmentVariable.QUEUE_MEMORY_RESERVE.name(), String.valueOf(RESERVE_BYTES)));
                ManagedProcess writer = service("writer-service", writerPort, redis, mongo,
                        Map.of(EnvironmentVariable.MONGO_IOPS_BUDGET.name(), "20", EnvironmentVariable.BATCH_SIZE.name(), "100"));
                ManagedProcess prometheus = prometheus(prometheusProgram, prometheusPort, apiPort, writerPort);
                Load load = new Load("http://127.0.0.1:" + apiPort + "/api/data")) {
            String query = "http://127.0.0.1:" + prometheusPort;
            api.start();
            prometheus.start();
            api.awaitHttp200("http://127.0.0.1:" + apiPort + "/readyz", Duration.ofSeconds(90));
            prometheus.awaitHttp200(query + "/-/ready", Duration.ofSeconds(30));

                // No writer yet: Redis' memory reaches the API's refusal point and the API refuses.
            load.start();
            Thread.sleep(2000);
            redis.command("CONFIG", "SET", "maxmemory", String.valueOf(usedMemory(redis) + RESERVE_BYTES + QUEUE_ROOM_BYTES));
            for (String alert : List.of("WritersStalled", "ApiRefusesWrites", "BacklogReachesRefusalPoint")) {
                JsonNode result = awaitData(query, alerts.get(alert), alert + " before any writer runs");
                if (alert.equals("ApiRefusesWrites")) {
                    assertThat(labelValues(result, "reason")).contains("queue_full");
                }
            }

            // A writer drains; then an entry it cannot decode goes to the dead letters.
            writer.start();
            writer.awaitHttp200("http://127.0.0.1:" + writerPort + "/q/health/live", Duration.ofSeconds(90));
            awaitData(query, "writer_dead_letters_total{app=\"writer-service\"}", "the writer's first scrape");
            awaitData(query, "max(api_queue_backlog{app=\"api-service\"}) < 100", "the writer draining");
            awaitEmpty(query, alerts.get("WritersStalled"), "WritersStalled once the writer writes");
            redis.command("XADD", RedisKeys.WRITE_STREAM, "*", RedisKeys.ENTRY_FIELD, "not an entry");
            JsonNode dead = awaitData(query, alerts.get("DeadLetters"), "DeadLetters after an undecodable entry");
            assertThat(labelValues(dead, "reason")).containsExactly("malformed");
            awaitData(query, "sum(rate(http_server_requests_seconds_count{uri=\"/api/data\", status=\"200\"}[" + RATE_INTERVAL
                    + "])) > 0 and on () sum(rate(writer_documents_written_total[" + RATE_INTERVAL + "])) > 0",
                    "requests answered 200 and documents written within the last " + RATE_INTERVAL);

            checkEveryPanel(query);
            assertEveryRuleLoadedAndEvaluated(query, alerts.keySet());
            System.out.println("[monitoring] series per process: " + labelCounts(query("count by (app) ({job=\"assessment-pods\"})", query)));
        }
    }

    private void checkEveryPanel(String prometheus) {
        List<String> parsedOnly = new ArrayList<>();
        for (String[] target : MonitoringFilesTest.dashboardTargets()) {
            String panel = target[0];
            String expression = target[1].replace("$__rate_interval", RATE_INTERVAL);
            JsonNode result = query(expression, prometheus);
            if (KUBERNETES_ONLY.matcher(expression).find()) {
                assertThat(result).as(panel + ": " + expression + " (Kubernetes metrics: none here)").isEmpty();
                parsedOnly.add(panel + " / " + target[2] + " (Kubernetes)");
                continue;
            }
            assertThat(result).as(panel + ": " + expression + " returns data").isNotEmpty();
            Matcher labels = LEGEND_LABEL.matcher(target[2]);
            while (labels.find()) {
                String label = labels.group(1);
                for (JsonNode series : result) {
                    assertThat(series.path("metric").has(label)).as(panel + ": " + expression + " has label " + label
                            + " for its legend " + target[2] + ": " + series).isTrue();
                }
            }
            for (JsonNode series : result) {
                assertThat(series.path("metric").has("__name__") ? series.path("metric").path("__name__").asText() : "")
                        .as(panel + ": an aggregate or a function, not a raw series").isEmpty();
            }
        }
        System.out.println("[monitoring] dashboard queries only parsed here: " + parsedOnly);
    }

    private static void assertEveryRuleLoadedAndEvaluated(String prometheus, Set<String> names) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        List<String> states = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            states.clear();
            for (JsonNode group : get(prometheus + "/api/v1/rules").path("data").path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    states.add(rule.path("name").asText() + "=" + rule.path("health").asText());
                }
            }
            if (states.size() == names.size() && states.stream().allMatch(state -> state.endsWith("=ok"))) {
                return;
            }
            sleep(Duration.ofMillis(500));
        }
        throw new AssertionError("Prometheus did not load and evaluate every rule of rules.yaml: " + states);
    }

    /** The alerts of rules.yaml with their expressions, as this test's queue size makes them. */
    static Map<String, String> alerts() {
        try {
            JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(Repo.path("k8s/monitoring/rules.yaml").toFile());
            Map<String, String> alerts = new java.util.LinkedHashMap<>();
            for (JsonNode group : rules.path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    alerts.put(rule.path("alert").asText(), rule.path("expr").asText());
                }
            }
            return alerts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long usedMemory(RedisServerProcess redis) {
        return String.valueOf(redis.command("INFO", "memory")).lines().filter(line -> line.startsWith("used_memory:"))
                .mapToLong(line -> Long.parseLong(line.substring("used_memory:".length()).strip())).findFirst().orElseThrow();
    }

    private ManagedProcess service(String name, int port, RedisServerProcess redis, MongoWireServer mongo,
            Map<String, String> settings) {
        Path jar = Repo.path(name + "/target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as(name + " is packaged (the reactor builds it before this module)").exists();
        Map<String, String> environment = new java.util.HashMap<>(settings);
        environment.put(EnvironmentVariable.PORT.name(), String.valueOf(port));
        environment.put(EnvironmentVariable.REDIS_URL.name(), redis.url());
        environment.put(EnvironmentVariable.MONGO_URI.name(), mongo.connectionString());
        return new ManagedProcess(name, ManagedProcess.javaCommand(List.of("-Xmx256m", "-XX:+UseSerialGC", "-jar",
                jar.toString())), environment, work.resolve(name + ".log"));
    }

    /**
     * Prometheus with the global settings and rules of k8s/monitoring, scraping the two processes as
     * its Kubernetes discovery and relabelling would label the pods (Debian's build has no
     * Kubernetes discovery, and there is no cluster here).
     */
    private ManagedProcess prometheus(Path program, int port, int apiPort, int writerPort) throws IOException {
        String config = """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 900ms
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: assessment-pods
                    metrics_path: /q/metrics
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                        labels: {namespace: assessment, pod: api-service-0, app: api-service}
                      - targets: ['127.0.0.1:%d']
                        labels: {namespace: assessment, pod: writer-service-0, app: writer-service}
                """.formatted(Repo.path("k8s/monitoring/rules.yaml"), apiPort, writerPort);
        Path file = Files.writeString(work.resolve("prometheus.yml"), config);
        assertThat(Repo.read("k8s/monitoring/prometheus.yml")).contains("job_name: assessment-pods", "target_label: namespace",
                "target_label: pod", "target_label: app");
        return new ManagedProcess("prometheus", List.of(program.toString(), "--config.file=" + file,
                "--storage.tsdb.path=" + work.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port), Map.of(),
                work.resolve("prometheus.log"));
    }

    private static JsonNode awaitData(String prometheus, String expression, String what) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonNode result = null;
        while (System.nanoTime() < deadline) {
            result = query(expression, prometheus);
            if (!result.isEmpty()) {
                return result;
            }
            sleep(Duration.ofMillis(500));
        }
        throw new AssertionError(what + ": no data within " + PATIENCE.toSeconds() + " s for " + expression + " (last: " + result + ")");
    }

    private static void awaitEmpty(String prometheus, String expression, String what) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonNode result = null;
        while (System.nanoTime() < deadline) {
            result = query(expression, prometheus);
            if (result.isEmpty()) {
                return;
            }
            sleep(Duration.ofMillis(500));
        }
        throw new AssertionError(what + ": still " + result + " after " + PATIENCE.toSeconds() + " s for " + expression);
    }

    /** The result of an instant query; fails unless Prometheus parsed and ran it. */
    private static JsonNode query(String expression, String prometheus) {
        JsonNode answer = get(prometheus + "/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8));
        assertThat(answer.path("status").asText()).as(expression + " -> " + answer).isEqualTo("success");
        return answer.path("data").path("result");
    }

    private static JsonNode get(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> labelValues(JsonNode result, String label) {
        Set<String> values = new TreeSet<>();
        result.forEach(series -> values.add(series.path("metric").path(label).asText()));
        return values;
    }

    private static Map<String, String> labelCounts(JsonNode result) {
        Map<String, String> counts = new java.util.TreeMap<>();
        result.forEach(series -> counts.put(series.path("metric").path("app").asText(), series.path("value").get(1).asText()));
        return counts;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A few clients in a closed loop with a pause, about 200 requests a second: enough to fill the small queue. */
    private static final class Load implements AutoCloseable {
        private final String url;
        private final AtomicBoolean running = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();

        Load(String url) {
            this.url = url;
        }

        void start() {
            running.set(true);
            for (int i = 0; i < 4; i++) {
                Thread thread = new Thread(this::loop, "monitoring-load-" + i);
                thread.setDaemon(true);
                thread.start();
                threads.add(thread);
            }
        }

        private void loop() {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
            while (running.get()) {
                try {
                    HTTP.send(request, HttpResponse.BodyHandlers.discarding());
                    Thread.sleep(20);
                } catch (IOException e) {
                    sleep(Duration.ofMillis(100));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(10_000);
            }
        }
    }
}
