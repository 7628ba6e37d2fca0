package io.loadproof.embedded.quarkus;

import java.util.Map;

import io.loadproof.embedded.mongo.MongoWireServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts a MongoDB wire-protocol server on a free port for a {@code @QuarkusTest} and points the
 * Quarkus MongoDB client at it.
 */
public class MongoTestResource implements QuarkusTestResourceLifecycleManager {

    private MongoWireServer mongo;

    @Override
    public Map<String, String> start() {
        mongo = MongoWireServer.startNew();
        return Map.of("quarkus.mongodb.connection-string", mongo.connectionString());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(mongo,
                new TestInjector.AnnotatedAndMatchesType(InjectMongoServer.class, MongoWireServer.class));
    }

    @Override
    public void stop() {
        if (mongo != null) {
            mongo.close();
        }
    }
}
