package io.loadproof.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** shellcheck passes on every shell script of the repository, and the entry points are executable. */
class ShellScriptsTest {

    private static final Set<String> SKIPPED_FOLDERS = Set.of(".git", "target", "node_modules", "lab-output", ".mvn");

    static List<Path> shellScripts() throws IOException {
        List<Path> scripts = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(Repo.root())) {
            walk.filter(path -> Repo.root().relativize(path).toString().endsWith(".sh"))
                    .filter(Files::isRegularFile)
                    .filter(path -> {
                        for (Path part : Repo.root().relativize(path)) {
                            if (SKIPPED_FOLDERS.contains(part.toString())) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .sorted()
                    .forEach(scripts::add);
        }
        return scripts;
    }

    @Test
    void shellcheckFindsNothing() throws IOException {
        Path shellcheck = OptionalTool.SHELLCHECK.require();
        List<Path> scripts = shellScripts();
        assertThat(scripts).extracting(script -> Repo.root().relativize(script).toString())
                .contains("setup.sh", "cleanup.sh");
        List<String> command = new ArrayList<>(List.of(shellcheck.toString(), "--external-sources", "--format=gcc"));
        scripts.forEach(script -> command.add(Repo.root().relativize(script).toString()));
        Processes.Result result = Processes.run(command, Repo.root(), null, null, Duration.ofMinutes(2));
        assertThat(result.stdout() + result.stderr()).as("shellcheck findings").isEmpty();
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void theEntryPointsAreExecutableBashScripts() throws IOException {
        for (String script : List.of("setup.sh", "cleanup.sh")) {
            Path path = Repo.path(script);
            assertThat(Files.isExecutable(path)).as(script + " is executable").isTrue();
            assertThat(Files.readAllLines(path).get(0)).isEqualTo("#!/usr/bin/env bash");
            assertThat(Files.readString(path)).contains("set -euo pipefail");
        }
    }
}
