package io.loadproof.embedded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import io.loadproof.embedded.mongo.MongoWireServer;
import picocli.CommandLine;

/** The servers' command line: usage on --help (exit 0), the error and the usage on a bad option (exit 2). */
class EmbeddedServersMainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine line = EmbeddedServersMain.commandLine();
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(err));
        return line.execute(args);
    }

    @Test
    void helpNamesBothServersAndTheirOptions() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("redis", "mongo");

        assertThat(run("mongo", "--help")).isZero();
        assertThat(out.toString()).contains("--iops", "--docs-per-second", "--admin-port", "--digest-payloads");
    }

    @Test
    void aBadOptionOrNoServerIsRefusedWithTheUsage() {
        assertThat(run("redis", "--appendonly", "--prot", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option", "'--prot'", "Usage: embedded-servers redis");

        assertThat(run("mongo", "--iops", "many")).isEqualTo(2);
        assertThat(err.toString()).contains("'many' is not an int");

        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("Usage: embedded-servers");
    }

    @Test
    void theAdminStatsShowTheDocumentLimit() {
        MongoWireServer.Limits limits = new MongoWireServer.Limits(OptionalInt.of(100), OptionalInt.of(2000));
        try (MongoWireServer server = MongoWireServer.start(0, limits, false)) {
            assertThat(MongoAdminServer.statsJson(server)).contains("\"running\":true", "\"documents_per_second\":2000");
            server.liftDocumentLimit();
            assertThat(MongoAdminServer.statsJson(server)).contains("\"documents_per_second\":0");
        }
    }
}
