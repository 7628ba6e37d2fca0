package io.loadproof.api.persistence;

import jakarta.enterprise.context.ApplicationScoped;

import com.mongodb.MongoClientSettings;
import com.mongodb.connection.ServerMonitoringMode;

import io.quarkus.mongodb.runtime.MongoClientCustomizer;

/**
 * The driver polls MongoDB once per heartbeat on one connection. Its default against MongoDB 4.4+
 * streams instead: a second connection per pod and two hellos per heartbeat (the awaited one and
 * the round-trip-time one), for nothing this service needs.
 */
@ApplicationScoped
public class MongoMonitoringCustomizer implements MongoClientCustomizer {

    @Override
    public MongoClientSettings.Builder customize(MongoClientSettings.Builder builder) {
        return builder.applyToServerSettings(server -> server.serverMonitoringMode(ServerMonitoringMode.POLL));
    }
}
