package io.loadproof.deploy;

import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/**
 * A program some checks need but a fresh machine may lack (shellcheck, node, prometheus, redis-cli). Missing, those
 * checks are skipped, not failed, and say so on the console with the command that installs it;
 * {@code .ci/run} installs them, so CI always runs them.
 */
enum OptionalTool {

    SHELLCHECK("shellcheck", "the shell scripts are not linted", "sudo apt-get install -y shellcheck"),
    NODE("node", "the k6 script is not checked", "sudo apt-get install -y nodejs (Node.js 18.19 or newer)"),
    PROMETHEUS("prometheus", "the dashboard's and the alerts' queries are not run against the services",
            "sudo apt-get install -y prometheus (then stop the service it may start: sudo systemctl disable --now prometheus)"),
    PROMTOOL("promtool", "the alert rules are not checked", "sudo apt-get install -y prometheus"),
    REDIS_CLI("redis-cli", "the scripts of k8s/redis-ha are not rehearsed on real processes", "sudo apt-get install -y redis-tools");

    private final String program;
    private final String consequence;
    private final String install;
    private volatile boolean announced;

    OptionalTool(String program, String consequence, String install) {
        this.program = program;
        this.consequence = consequence;
        this.install = install;
    }

    /** The program's path; when it is not on the PATH, the calling test is skipped with the reason (said once on the console). */
    Path require() {
        Path path = Processes.which(program);
        if (path == null) {
            String reason = program + " is not on the PATH: " + consequence + " (skipped). Install it: " + install;
            if (!announced) {
                announced = true;
                System.out.println("[SKIPPED] " + reason);
            }
            Assumptions.abort(reason);
        }
        return path;
    }
}
