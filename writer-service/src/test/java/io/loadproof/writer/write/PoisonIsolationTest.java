package io.loadproof.writer.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.loadproof.writer.queue.QueuedEntry;
import io.loadproof.writer.resilience.Outages;

/**
 * A bug that one entry triggers (anything but an outage) costs that entry alone: the batch is
 * written in halves until the entry fails by itself, and only it is dead-lettered. An outage is
 * not a bug: it goes back to the caller, which retries the whole batch.
 */
class PoisonIsolationTest {

    private final Set<String> written = new HashSet<>();
    private final Map<String, RuntimeException> deadLettered = new java.util.LinkedHashMap<>();
    private final AtomicInteger bugs = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();

    @Test
    void onlyTheEntriesThatFailAloneAreDeadLetteredAndTheOthersAreWritten() throws Exception {
        List<QueuedEntry> batch = entries(200);
        Set<String> poison = Set.of("17-0", "18-0", "150-0");
        PoisonIsolation isolation = isolation(entries -> {
            attempts.incrementAndGet();
            if (entries.stream().anyMatch(entry -> poison.contains(entry.id()))) {
                throw new IllegalStateException("bug on an entry");
            }
            entries.forEach(entry -> written.add(entry.id()));
        });

        isolation.write(batch);

        assertThat(deadLettered.keySet()).containsExactlyInAnyOrderElementsOf(poison);
        assertThat(deadLettered.values()).allSatisfy(bug -> assertThat(bug).hasMessage("bug on an entry"));
        assertThat(written).hasSize(197).doesNotContainAnyElementsOf(poison);
        assertThat(attempts.get()).as("bisection, not one attempt per entry").isLessThan(60);
        assertThat(bugs.get()).isPositive();
    }

    @Test
    void aBatchWithoutABugIsWrittenInOneAttempt() throws Exception {
        isolation(entries -> {
            attempts.incrementAndGet();
            entries.forEach(entry -> written.add(entry.id()));
        }).write(entries(10));

        assertThat(written).hasSize(10);
        assertThat(attempts.get()).isOne();
        assertThat(deadLettered).isEmpty();
    }

    @Test
    void anOutageIsNotABugAndGoesBackToTheCallerWithNothingDeadLettered() {
        RuntimeException outage = new CompletionException(new ConnectException("Connection refused"));
        PoisonIsolation isolation = isolation(entries -> {
            throw outage;
        });

        assertThatThrownBy(() -> isolation.write(entries(8))).isSameAs(outage);
        assertThat(deadLettered).isEmpty();
        assertThat(bugs.get()).isZero();
        assertThat(Outages.isOutage(new UncheckedIOException(new java.io.IOException("reset")))).isTrue();
        assertThat(Outages.isOutage(new NumberFormatException("For input string: \"\""))).isFalse();
    }

    private PoisonIsolation isolation(PoisonIsolation.Write write) {
        return new PoisonIsolation(write, (entry, bug) -> deadLettered.put(entry.id(), bug), bugs::incrementAndGet);
    }

    private static List<QueuedEntry> entries(int count) {
        List<QueuedEntry> entries = new ArrayList<>(count);
        IntStream.range(0, count).forEach(i -> entries.add(new QueuedEntry(i + "-0", "m" + i)));
        return entries;
    }
}
