package io.loadproof.lab.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

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
        FaultSuite.Options options = FaultSuite.Options.parse("--quick", "--only", "redis-crash,poison", "--output", "o");

        assertThat(options).isEqualTo(new FaultSuite.Options(true, List.of("redis-crash", "poison"), Path.of("o")));
        assertThatThrownBy(() -> FaultSuite.Options.parse("--only", "redis-crush")).hasMessage("no scenario redis-crush");
        assertThatThrownBy(() -> FaultSuite.Options.parse("--output")).hasMessage("--output needs a value");
    }
}
