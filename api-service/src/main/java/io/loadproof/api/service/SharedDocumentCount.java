package io.loadproof.api.service;

import java.time.Duration;

import io.loadproof.api.persistence.RecordsReadRepository;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;

/**
 * The document count of every API pod, shared through Redis so that MongoDB counts at most once per
 * {@code maxAge} however many pods ask: the pod that sets the lock key ({@code SET NX PX maxAge})
 * counts and publishes the count; the others read the published one. While MongoDB is down the
 * last published count is served; while Redis is down nobody counts.
 */
final class SharedDocumentCount {

    static final String COUNT_KEY = "api:stats:document_count";
    static final String LOCK_KEY = "api:stats:count_lock";
    /** Not on the request path of /api/data: patient enough for a busy machine. */
    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(1);
    /** How often, and how many times, a pod that lost the race looks for a first count being published. */
    private static final Duration FIRST_COUNT_POLL = Duration.ofMillis(100);
    private static final int FIRST_COUNT_POLLS = 25;

    private final ReactiveValueCommands<String, String> values;
    private final RecordsReadRepository records;
    private final Duration maxAge;

    SharedDocumentCount(ReactiveRedisDataSource redis, RecordsReadRepository records, Duration maxAge) {
        this.values = redis.value(String.class);
        this.records = records;
        this.maxAge = maxAge;
    }

    Uni<Long> load() {
        return values.setAndChanged(LOCK_KEY, "counting", new SetArgs().nx().px(maxAge))
                .ifNoItem().after(REDIS_TIMEOUT).fail()
                .chain(won -> won ? countAndPublish() : published());
    }

    private Uni<Long> countAndPublish() {
        return records.count()
                .call(count -> values.set(COUNT_KEY, Long.toString(count))
                        .ifNoItem().after(REDIS_TIMEOUT).fail()
                        .onFailure().recoverWithNull())
                .onFailure().recoverWithUni(failure -> lastPublished(failure));
    }

    /** MongoDB did not count: the last count any pod published, if one ever was. */
    private Uni<Long> lastPublished(Throwable countFailure) {
        return values.get(COUNT_KEY)
                .ifNoItem().after(REDIS_TIMEOUT).fail()
                .onItem().ifNull().failWith(() -> countFailure)
                .map(Long::parseLong);
    }

    private Uni<Long> published() {
        return values.get(COUNT_KEY)
                .ifNoItem().after(REDIS_TIMEOUT).fail()
                .onItem().ifNull().failWith(NoCountPublished::new)
                .onFailure(NoCountPublished.class).retry().withBackOff(FIRST_COUNT_POLL, FIRST_COUNT_POLL)
                .atMost(FIRST_COUNT_POLLS)
                .map(Long::parseLong);
    }

    /** Another pod holds the lock and has not published a count yet (or its count failed and none ever was). */
    private static final class NoCountPublished extends RuntimeException {
        NoCountPublished() {
            super("no document count published yet", null, false, false);
        }
    }
}
