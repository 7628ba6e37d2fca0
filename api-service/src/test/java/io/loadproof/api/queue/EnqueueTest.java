package io.loadproof.api.queue;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.loadproof.api.support.ApiQuarkusTest;
import io.loadproof.api.support.RedisContents;
import io.loadproof.model.QueuedDocument;
import io.loadproof.model.QueuedWrite;
import io.quarkus.redis.datasource.RedisDataSource;

/** A 200 from /api/data means its five documents are in the stream, with the ids the client was given. */
@ApiQuarkusTest
class EnqueueTest {

    @Inject
    RedisDataSource redis;

    @BeforeEach
    void emptyRedis() {
        RedisContents.reset(redis);
    }

    @Test
    void oneRequestAddsExactlyOneEntryCarryingTheReturnedIds() {
        Instant before = Instant.now().minusMillis(1);
        List<String> writes = given().get("/api/data").then().statusCode(200).extract().path("writes");

        List<QueuedWrite> queued = RedisContents.queuedWrites(redis);

        assertThat(queued).hasSize(1);
        QueuedWrite entry = queued.get(0);
        assertThat(entry.hexIds()).containsExactlyElementsOf(writes);
        assertThat(entry.documents()).hasSize(5).allSatisfy(document -> {
            assertThat(document.type()).isEqualTo("write");
            assertThat(document.payload()).matches("[A-Za-z0-9]{512}");
            assertThat(document.timestamp()).isAfter(before).isBefore(Instant.now().plusMillis(1));
        });
        assertThat(entry.documents()).extracting(QueuedDocument::index).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void everyRequestGetsItsOwnEntryAndIds() {
        for (int i = 0; i < 20; i++) {
            given().get("/api/data").then().statusCode(200);
        }

        List<QueuedWrite> queued = RedisContents.queuedWrites(redis);

        assertThat(queued).hasSize(20);
        assertThat(queued.stream().flatMap(write -> write.hexIds().stream())).hasSize(100).doesNotHaveDuplicates();
        assertThat(queued.stream().flatMap(write -> write.payloads().stream())).hasSize(100).doesNotHaveDuplicates();
    }

    /** Codec version 2: the payloads travel as a 64-bit seed, 153 bytes an entry instead of 2,697. */
    @Test
    void theEntryCarriesASeedInsteadOfThePayloads() {
        given().get("/api/data").then().statusCode(200);
        given().get("/api/data").then().statusCode(200);

        List<String> entries = RedisContents.entries(redis);

        assertThat(entries).hasSize(2).allSatisfy(entry -> assertThat(entry).hasSize(153)
                .matches("2\\|\\d{13}\\|[0-9a-f]{120}\\|[0-9a-f]{16}"));
        assertThat(entries.get(0).substring(137)).as("each request draws its own seed").isNotEqualTo(entries.get(1).substring(137));
    }
}
