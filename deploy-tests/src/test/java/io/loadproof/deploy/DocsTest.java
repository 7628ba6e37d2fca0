package io.loadproof.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


import io.loadproof.embedded.RedisServerProcess;
import io.loadproof.embedded.RespClient;
import io.loadproof.model.EnvironmentNames;
import io.loadproof.model.QueuedWriteCodec;
import io.loadproof.model.samples.SampleWrites;
import io.loadproof.model.RedisKeys;

/** docs/kubernetes.md names what the code names: every variable, the stream, group and keys. */
class DocsTest {

    private final String docs = Repo.read("docs/kubernetes.md");

    @Test
    void theConfigurationTableHasARowPerEnvironmentName() throws IllegalAccessException {
        for (Field field : EnvironmentNames.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                String name = (String) field.get(null);
                assertThat(docs).as("configuration table row for " + name).containsPattern("(?m)^\\| `" + name + "` \\|");
            }
        }
    }

    @Test
    void theRunbookUsesTheRealStreamGroupAndKeys() {
        assertThat(docs).contains(
                "XLEN " + RedisKeys.WRITE_STREAM,
                "XPENDING " + RedisKeys.WRITE_STREAM + " " + RedisKeys.WRITER_GROUP,
                "XRANGE " + RedisKeys.DEAD_LETTER_STREAM + " - +",
                "2 " + RedisKeys.WRITE_STREAM + " " + RedisKeys.DEAD_LETTER_STREAM,
                "'" + RedisKeys.ENTRY_FIELD + "', payload",
                RedisKeys.READ_CACHE_KEY,
                RedisKeys.IOPS_BUDGET_KEY,
                "/api/admin/cache/flush",
                "scale deployment/writer-service --replicas=");
    }

    /** The runbook's replay of dead letters, run as printed against a Redis with the cluster's configuration. */
    @Test
    void theDeadLetterReplayMovesPayloadsBackOntoTheQueue(@TempDir Path directory) throws Exception {
        Matcher command = Pattern.compile("redis-cli EVAL \"(.*?)\" (\\d+) (\\S+) (\\S+) (\\d+)\n", Pattern.DOTALL).matcher(docs);
        assertThat(command.find()).as("the EVAL command of the dead-letter section").isTrue();
        List<String> payloads = List.of(QueuedWriteCodec.encode(SampleWrites.newRequest(Instant.now())),
                QueuedWriteCodec.encode(SampleWrites.newRequest(Instant.now())));
        try (RedisServerProcess redis = ClusterRedis.start(directory, "docs-test", List.of("--appendonly", "no"));
                RespClient client = RespClient.connect("127.0.0.1", redis.port(), "docs-test")) {
            for (String payload : payloads) {
                client.call("XADD", RedisKeys.DEAD_LETTER_STREAM, "*", RedisKeys.DEAD_LETTER_SOURCE_ID_FIELD, "1-0",
                        RedisKeys.DEAD_LETTER_REASON_FIELD, "MongoDB refused the batch", RedisKeys.DEAD_LETTER_PAYLOAD_FIELD, payload);
            }
            Object moved = client.call("EVAL", command.group(1), command.group(2), command.group(3), command.group(4),
                    command.group(5));
            assertThat(moved).isEqualTo(2L);
            assertThat(client.call("XLEN", RedisKeys.DEAD_LETTER_STREAM)).isEqualTo(0L);
            List<?> entries = (List<?>) client.call("XRANGE", RedisKeys.WRITE_STREAM, "-", "+");
            assertThat(entries).hasSize(2);
            for (int i = 0; i < entries.size(); i++) {
                assertThat(((List<?>) entries.get(i)).get(1)).isEqualTo(List.of(RedisKeys.ENTRY_FIELD, payloads.get(i)));
            }
        }
    }
}
