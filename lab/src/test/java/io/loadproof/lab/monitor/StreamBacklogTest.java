package io.loadproof.lab.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.loadproof.embedded.redis.RedisServerProcess;
import io.loadproof.model.RedisKeys;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadGroupParams;

/** The backlog as the lab reads it from a real Redis: before the writers' group exists, with entries pending, drained. */
class StreamBacklogTest {

    @Test
    void countsEntriesAndPendingOnesAndIsEmptyOnceDrained() {
        try (RedisServerProcess redis = RedisServerProcess.builder().password("lab-test").build().start();
                Jedis client = redis.connect()) {
            assertThat(StreamBacklog.read(client)).isEqualTo(new StreamBacklog(0, 0));

            for (int i = 0; i < 3; i++) {
                client.xadd(RedisKeys.WRITE_STREAM, XAddParams.xAddParams(), Map.of(RedisKeys.ENTRY_FIELD, "e" + i));
            }
            assertThat(StreamBacklog.read(client)).as("no group yet").isEqualTo(new StreamBacklog(3, 0));

            client.xgroupCreate(RedisKeys.WRITE_STREAM, RedisKeys.WRITER_GROUP, new StreamEntryID(), false);
            assertThat(StreamBacklog.read(client)).as("a group, nothing delivered").isEqualTo(new StreamBacklog(3, 0));

            var delivered = client.xreadGroup(RedisKeys.WRITER_GROUP, "writer-1", XReadGroupParams.xReadGroupParams().count(2),
                    Map.of(RedisKeys.WRITE_STREAM, StreamEntryID.UNRECEIVED_ENTRY));
            assertThat(StreamBacklog.read(client)).isEqualTo(new StreamBacklog(3, 2));

            for (var entry : delivered.get(0).getValue()) {
                client.xack(RedisKeys.WRITE_STREAM, RedisKeys.WRITER_GROUP, entry.getID());
                client.xdel(RedisKeys.WRITE_STREAM, entry.getID());
            }
            assertThat(StreamBacklog.read(client)).isEqualTo(new StreamBacklog(1, 0));
            assertThat(StreamBacklog.read(client).isEmpty()).isFalse();
        }
    }
}
