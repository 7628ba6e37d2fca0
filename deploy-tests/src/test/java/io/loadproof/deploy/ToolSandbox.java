package io.loadproof.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A PATH of one folder: links to this machine's programs, minus the tools a script must not find
 * here, plus stubs that log every call (the machine may well have a real kubectl or docker
 * client; a dry run must call neither).
 */
final class ToolSandbox {

    static final Set<String> DEPLOYMENT_TOOLS = Set.of("docker", "k3d", "kubectl", "java", "javac", "mvn", "curl", "helm");

    private final Path home;
    private final Path bin;
    private final Path calls;

    private ToolSandbox(Path home) {
        this.home = home;
        this.bin = home.resolve("bin");
        this.calls = home.resolve("calls.log");
    }

    /** Every program of the system PATH but the deployment tools, and a logging stub for each of {@code stubs}. */
    static ToolSandbox create(Path home, Set<String> stubs) {
        ToolSandbox sandbox = new ToolSandbox(home);
        try {
            Files.createDirectories(sandbox.bin);
            for (String directory : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
                Path folder = Path.of(directory);
                if (directory.isEmpty() || !Files.isDirectory(folder)) {
                    continue;
                }
                try (Stream<Path> programs = Files.list(folder)) {
                    for (Path program : programs.toList()) {
                        String name = program.getFileName().toString();
                        Path link = sandbox.bin.resolve(name);
                        if (!DEPLOYMENT_TOOLS.contains(name) && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                                && Files.isExecutable(program) && !Files.isDirectory(program)) {
                            Files.createSymbolicLink(link, program);
                        }
                    }
                }
            }
            for (String stub : stubs) {
                sandbox.stub(stub, "");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sandbox;
    }

    /**
     * Replaces (or adds) the stub of {@code tool}: it logs its call, then runs {@code body}, a
     * POSIX shell fragment that may print an answer or exit non-zero ({@code case "$*" in ...}).
     */
    ToolSandbox stub(String tool, String body) {
        Path script = bin.resolve(tool);
        try {
            Files.deleteIfExists(script);
            Files.writeString(script, "#!/bin/sh\necho \"" + tool + " $*\" >> '" + calls + "'\n" + body + "\nexit 0\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("PATH", bin.toString());
        environment.put("HOME", home.toString());
        environment.put("LANG", "C.UTF-8");
        return environment;
    }

    /** The stub calls, one line each ("kubectl get pods"). */
    List<String> calls() {
        try {
            return Files.exists(calls) ? Files.readAllLines(calls) : new ArrayList<>();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path home() {
        return home;
    }
}
