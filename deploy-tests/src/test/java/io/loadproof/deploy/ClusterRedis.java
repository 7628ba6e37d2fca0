package io.loadproof.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.loadproof.embedded.redis.RedisServerProcess;

/** A redis-server started with the cluster's {@code redis.conf} (the ConfigMap), on a free port and a folder of the test's. */
final class ClusterRedis {

    private ClusterRedis() {
    }

    static String conf() {
        return Manifests.named(ConfigMap.class, "redis-config").getData().get("redis.conf");
    }

    /** @param overrides more {@code --name value} options, which win over the file's */
    static RedisServerProcess start(Path directory, String password, List<String> overrides) throws IOException {
        Path file = Files.writeString(directory.resolve("redis.conf"), conf());
        return RedisServerProcess.builder().configFile(file).dataDirectory(directory.resolve("data"))
                .password(password).arguments(overrides).build().start();
    }
}
