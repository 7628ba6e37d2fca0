package io.loadproof.lab.system;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import redis.clients.jedis.Jedis;

/**
 * What the stress scenario runs against, and what the lab can see of it: the platform it started
 * on this machine, or a running deployment of which it may know only the URL.
 */
public interface SystemUnderTest {

    String apiUrl();

    /** The api-service's Prometheus endpoint, when the lab can scrape the one API process there is. */
    Optional<String> apiMetricsUrl();

    Optional<String> writerMetricsUrl();

    /** New connections to its Redis, when the lab can reach it (to follow the backlog). */
    Optional<Supplier<Jedis>> redis();

    /** Its MongoDB, when the lab can reach it (for the loss audit). */
    Optional<String> mongoUri();

    /** Whether that MongoDB is the lab's stand-in (which keeps payload digests and counts exactly by metadata). */
    boolean mongoIsLabStandIn();

    /** Commands the lab's MongoDB stand-in served in one wall-clock second, or -1 when unknown. */
    long mongoCommandsIn(long epochSecond);

    /** The stand-in's ceiling in commands per second, or 0 when MongoDB is not the lab's. */
    int mongoCeiling();

    /** Process ids by name, for the CPU split of the report. */
    Map<String, Long> processes();

    /** One line per part for the report: what ran, and how. */
    List<String> description();

    /** Called once the load has ended, before the lab waits for the backlog to drain. */
    default void afterLoad() {
    }

    /** Called once the backlog has drained, before the audit reads MongoDB. */
    default void beforeAudit() {
    }
}
