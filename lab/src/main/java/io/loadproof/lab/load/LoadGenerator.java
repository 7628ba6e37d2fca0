package io.loadproof.lab.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.loadproof.embedded.process.ManagedProcess;

/**
 * Runs the Gatling stress simulation in its own JVM, so that its CPU and memory stay apart from
 * the lab's.
 *
 * @param properties more {@code -D} options, e.g. {@code -Dlab.sampleEvery=1} to keep every returned id
 */
public record LoadGenerator(Path scenarioFile, String profile, int requestTimeoutSeconds, String javaOptions,
        List<String> properties) {

    /** @param output where the Gatling report and the recorder's files go */
    public ManagedProcess start(String baseUrl, Path output) {
        List<String> arguments = new ArrayList<>(Arrays.asList(javaOptions.trim().split("\\s+")));
        arguments.addAll(List.of(
                // Gatling reads String internals; the Gatling Maven plugin opens them the same way
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                // Gatling's check for a newer release goes to loopback instead of the internet
                "-Dhttps.proxyHost=127.0.0.1", "-Dhttps.proxyPort=9",
                "-Dgatling.http.requestTimeout=" + requestTimeoutSeconds * 1000,
                "-Dlab.baseUrl=" + baseUrl,
                "-Dlab.scenario=" + scenarioFile.toAbsolutePath(),
                "-Dlab.profile=" + profile,
                "-Dlab.output=" + output.toAbsolutePath()));
        arguments.addAll(properties);
        arguments.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.gatling.app.Gatling",
                "-s", StressSimulation.class.getName(),
                "-rf", output.resolve("gatling").toAbsolutePath().toString(),
                "-rd", "profile " + profile));
        return new ManagedProcess("gatling", ManagedProcess.javaCommand(arguments), Map.of(),
                output.resolve("logs").resolve("gatling.log")).start();
    }

    /** What the recorder of a finished run wrote, if it got as far as writing. */
    public static Optional<LoadRecorder.Summary> readSummary(Path output) {
        Path file = output.resolve(LoadRecorder.SUMMARY_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ObjectMapper()
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .readValue(file.toFile(), LoadRecorder.Summary.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
