package io.loadproof.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;

import io.loadproof.api.persistence.RecordsReadRepository;
import io.loadproof.api.support.ApiQuarkusTest;
import io.loadproof.embedded.mongo.MongoWireServer;
import io.loadproof.embedded.quarkus.InjectMongoServer;
import io.loadproof.model.MongoNames;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.smallrye.mutiny.Uni;

/**
 * Several pods' shared counts (built here as each pod builds its own; they share only Redis and
 * MongoDB), asked without the in-pod cache in front, cost MongoDB one count per max-age in total,
 * counted on the wire server.
 */
@ApiQuarkusTest
class SharedDocumentCountTest {

    private static final Duration MAX_AGE = Duration.ofMillis(500);
    private static final Duration RUN = Duration.ofSeconds(3);
    private static final int PODS = 4;

    @Inject
    ReactiveRedisDataSource reactiveRedis;

    @Inject
    RedisDataSource redis;

    @Inject
    RecordsReadRepository records;

    @Inject
    MongoClient mongo;

    @InjectMongoServer
    MongoWireServer mongoServer;

    @BeforeEach
    void threeDocumentsAndNoSharedCount() {
        MongoCollection<Document> collection = mongo.getDatabase(MongoNames.DATABASE).getCollection(MongoNames.COLLECTION);
        collection.deleteMany(new Document());
        for (int i = 0; i < 3; i++) {
            collection.insertOne(new Document(MongoNames.TYPE, MongoNames.WRITE_TYPE));
        }
        redis.key().del(SharedDocumentCount.COUNT_KEY, SharedDocumentCount.LOCK_KEY);
    }

    @Test
    void manyPodsAskingAllTheTimeCountOncePerMaxAgeInTotal() {
        List<SharedDocumentCount> pods = pods();
        long countsBefore = counts();
        long started = System.nanoTime();
        List<Long> served = new ArrayList<>();

        while (System.nanoTime() - started < RUN.toNanos()) {
            for (SharedDocumentCount pod : pods) {
                served.add(pod.load().await().atMost(Duration.ofSeconds(5)));
            }
            sleep(10);
        }

        long elapsedMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertThat(served).containsOnly(3L);
        assertThat(counts() - countsBefore).as("count commands in %d ms", elapsedMillis)
                .isBetween(2L, elapsedMillis / MAX_AGE.toMillis() + 1);
    }

    @Test
    void podsThatLoseTheFirstRaceServeTheWinnersCount() {
        List<SharedDocumentCount> pods = pods();
        long countsBefore = counts();

        List<Uni<Long>> concurrent = pods.stream().map(SharedDocumentCount::load).toList();
        List<Long> served = Uni.join().all(concurrent).andFailFast().await().atMost(Duration.ofSeconds(10));

        assertThat(served).containsOnly(3L);
        assertThat(counts() - countsBefore).isEqualTo(1);
    }

    private List<SharedDocumentCount> pods() {
        return IntStream.range(0, PODS)
                .mapToObj(i -> new SharedDocumentCount(reactiveRedis, records, MAX_AGE))
                .toList();
    }

    private long counts() {
        return mongoServer.stats().count("count");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
