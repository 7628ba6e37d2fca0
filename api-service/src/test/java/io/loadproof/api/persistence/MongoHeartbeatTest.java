package io.loadproof.api.persistence;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.loadproof.api.support.ApiQuarkusTest;
import io.loadproof.embedded.mongo.MongoWireServer;
import io.loadproof.embedded.quarkus.InjectMongoServer;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The driver's heartbeat follows {@code quarkus.mongodb.heartbeat-frequency} (60 s in production):
 * at 500 ms here, a few seconds show several hellos, where the driver's default of 10 s shows one at most.
 */
@ApiQuarkusTest
@TestProfile(MongoHeartbeatTest.HalfSecondHeartbeat.class)
class MongoHeartbeatTest {

    public static class HalfSecondHeartbeat implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.mongodb.heartbeat-frequency", "500ms");
        }
    }

    @InjectMongoServer
    MongoWireServer mongoServer;

    @Test
    void theDriverSendsOneHelloPerConfiguredHeartbeat() throws InterruptedException {
        given().get("/api/stats").then().statusCode(200);
        long before = hellos();

        Thread.sleep(3000);

        assertThat(hellos() - before).isBetween(3L, 12L);
    }

    private long hellos() {
        return mongoServer.stats().count("hello") + mongoServer.stats().count("ismaster");
    }
}
