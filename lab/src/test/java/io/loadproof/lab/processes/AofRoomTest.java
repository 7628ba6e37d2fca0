package io.loadproof.lab.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.loadproof.embedded.redis.RedisServerProcess;

/** The lab's check that Redis' data directory has room for the append-only file at three times maxmemory. */
class AofRoomTest {

    private static final long GIB = 1L << 30;

    @Test
    void lessThanThreeTimesMaxmemoryFreeIsAWarningWithTheNumbers() {
        assertThat(AofRoom.describe(3 * GIB, 5_000_000_000L, "/data")).startsWith("**Warning**")
                .contains("has only 5.0 GB free", "3 x maxmemory = 9.7 GB");
        assertThat(AofRoom.describe(3 * GIB, 10_000_000_000L, "/data")).doesNotContain("Warning")
                .contains("has 10.0 GB free", "9.7 GB");
        assertThat(AofRoom.describe(0, 1, "/data")).contains("no maxmemory");
    }

    @Test
    void theRunningRedisMaxmemoryAndItsDirectorysFreeSpaceAreRead(@TempDir Path directory) throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.builder().dataDirectory(directory)
                .arguments(List.of("--maxmemory", "1mb")).build().start()) {
            long usable = Files.getFileStore(directory).getUsableSpace();
            String line = AofRoom.check(redis);
            assertThat(line).contains(directory.toString(), "3 x maxmemory = 0.0 GB")
                    .contains(String.format("%.1f GB free", usable / 1e9));
        }
    }
}
