package io.loadproof.api.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.loadproof.embedded.process.FreePorts;
import io.loadproof.embedded.quarkus.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With MongoDB unreachable from the start, stats has nothing to serve: 503; /api/data is unaffected. */
@QuarkusTest
@TestProfile(StatsWithoutMongoTest.NoMongo.class)
@WithTestResource(RedisTestResource.class)
class StatsWithoutMongoTest {

    public static class NoMongo implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.mongodb.connection-string", "mongodb://127.0.0.1:" + FreePorts.next());
        }
    }

    @Test
    void statsIs503WithAJsonReason() {
        given().get("/api/stats").then()
                .statusCode(503)
                .header("Retry-After", "1")
                .body("status", equalTo("error"))
                .body("message", containsString("MongoDB"));
    }

    @Test
    void dataAndReadinessDoNotNeedMongo() {
        given().get("/api/data").then().statusCode(200).body("status", equalTo("success"));
        given().get("/readyz").then().statusCode(200);
    }
}
