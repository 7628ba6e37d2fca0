package io.loadproof.lab.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.loadproof.embedded.redis.RedisConnections;
import io.loadproof.model.EnvironmentVariable;
import redis.clients.jedis.Jedis;

/**
 * A running deployment, e.g. {@code http://assessment.local} on k3d: the lab starts nothing and
 * sees only what it is given. Its API is reached through the URL (through the ingress, as the k6
 * judge reaches it); with {@code REDIS_URL} the lab follows the backlog, with {@code MONGO_URI}
 * it audits the documents (on k3d: {@code kubectl -n assessment port-forward svc/mongo 27017} and
 * {@code MONGO_URI=mongodb://127.0.0.1:27017}).
 */
public record ExternalTarget(String apiUrl, Optional<String> redisUrl, Optional<String> redisPassword,
        Optional<String> mongoUri) implements SystemUnderTest {

    public static ExternalTarget fromEnvironment(String apiUrl, Map<String, String> environment) {
        return new ExternalTarget(apiUrl, nonBlank(environment, EnvironmentVariable.REDIS_URL.name()),
                nonBlank(environment, EnvironmentVariable.REDIS_PASSWORD.name()), nonBlank(environment, EnvironmentVariable.MONGO_URI.name()));
    }

    private static Optional<String> nonBlank(Map<String, String> environment, String name) {
        return Optional.ofNullable(environment.get(name)).filter(value -> !value.isBlank());
    }

    /** Behind an ingress one pod answers each scrape: its counters are not the tier's. */
    @Override
    public Optional<String> apiMetricsUrl() {
        return Optional.empty();
    }

    @Override
    public Optional<String> writerMetricsUrl() {
        return Optional.empty();
    }

    @Override
    public Optional<Supplier<Jedis>> redis() {
        return redisUrl.map(url -> () -> RedisConnections.connect(url, redisPassword.orElse(null)));
    }

    @Override
    public boolean mongoIsLabStandIn() {
        return false;
    }

    @Override
    public long mongoCommandsIn(long epochSecond) {
        return -1;
    }

    @Override
    public int mongoCeiling() {
        return 0;
    }

    @Override
    public Map<String, Long> processes() {
        return Map.of("lab JVM (orchestrator, sampler)", ProcessHandle.current().pid());
    }

    @Override
    public List<String> description() {
        List<String> lines = new ArrayList<>();
        lines.add("Target: " + apiUrl + ", a running deployment; the lab started none of its services.");
        lines.add(redisUrl.isPresent() ? "Backlog: followed in the deployment's Redis (REDIS_URL)."
                : "Backlog: not followed (no REDIS_URL).");
        lines.add(mongoUri.isPresent() ? "Loss audit: against the deployment's MongoDB (MONGO_URI)."
                : "Loss audit: not run (no MONGO_URI); the verdict is the k6 thresholds only.");
        return lines;
    }
}
