package io.loadproof.lab.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** The suite's scenarios and its command line. */
class FaultSuiteTest {

    @Test
    void everyScenarioHasItsOwnNameAndTheDurabilityOnesAreThere() {
        List<String> names = FaultSuite.all().stream().map(Fault::name).toList();

        assertThat(names).doesNotHaveDuplicates()
                .contains("redis-restart", "redis-crash", "redis-maxmemory", "writer-kill", "mongo-outage");
    }

    @Test
    void onlyKnownScenariosCanBeChosen() {
        FaultSuite suite = parse("--quick", "--only", "redis-crash,poison", "--output", "o");

        assertThat(suite.quick).isTrue();
        assertThat(suite.only).containsExactly("redis-crash", "poison");
        assertThat(suite.output).isEqualTo(Path.of("o"));
        assertThatThrownBy(() -> parse("--only", "redis-crush")).hasMessage("no scenario redis-crush");
        assertThatThrownBy(() -> parse("--output")).hasMessageContaining("Missing required parameter for option '--output'");
    }

    @Test
    void helpListsTheScenariosAndExitsZeroAndABadOptionExitsTwo() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine faults = FaultSuite.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));

        assertThat(faults.execute("--help")).isZero();
        assertThat(out.toString()).contains("Usage: lab.sh faults", "--quick", "--only NAME");
        assertThat(out.toString()).contains(FaultSuite.all().stream().map(Fault::name).toArray(String[]::new));
        assertThat(faults.execute("--only", "redis-crush")).isEqualTo(2);
        assertThat(err.toString()).contains("no scenario redis-crush", "Usage: lab.sh faults");
    }

    private static FaultSuite parse(String... args) {
        FaultSuite suite = new FaultSuite();
        CommandLine commandLine = new CommandLine(suite);
        commandLine.parseArgs(args);
        suite.validate(commandLine);
        return suite;
    }
}
