package io.loadproof.api.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The production limits with the idle and read timeouts cut to 2 s, so stalled clients are dropped within a test. */
public class ShortServerTimeouts implements QuarkusTestProfile {

    public static final long IDLE_TIMEOUT_MILLIS = 2000;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.http.idle-timeout", IDLE_TIMEOUT_MILLIS + "ms",
                "quarkus.http.read-timeout", IDLE_TIMEOUT_MILLIS + "ms");
    }
}
