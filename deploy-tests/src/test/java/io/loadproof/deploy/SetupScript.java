package io.loadproof.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Facts read from setup.sh's source, so the manifests and the script cannot drift apart. */
final class SetupScript {

    record SecretKey(String secret, String key, String environmentVariable) {
    }

    private SetupScript() {
    }

    static String source() {
        return Repo.read("setup.sh");
    }

    /** The value of a top-level {@code NAME=value} assignment. */
    static String variable(String name) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "=(\\S+)$").matcher(source());
        if (!matcher.find()) {
            throw new AssertionError("setup.sh has no top-level " + name + "=...");
        }
        return matcher.group(1).replaceAll("^\"|\"$", "");
    }

    /** The files the scripts need besides themselves, copied beside them in a sandbox checkout. */
    static final List<String> SCRIPT_FILES = List.of("setup.sh", "cleanup.sh", "scripts/lib.sh", "scripts/monitoring.sh");

    /** Copies setup.sh, cleanup.sh and what they source into {@code checkout}. */
    static void copyInto(Path checkout) {
        try {
            for (String file : SCRIPT_FILES) {
                Path target = checkout.resolve(file);
                Files.createDirectories(target.getParent());
                Files.copy(Repo.path(file), target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A top-level numeric {@code NAME=value}. */
    static long number(String name) {
        return Long.parseLong(variable(name));
    }

    static String image(String service) {
        return variable("IMAGE_GROUP") + "/" + service + ":" + variable("IMAGE_TAG");
    }

    /** The Secrets setup.sh creates when absent: {@code ensure_secret NAME KEY VARIABLE}. */
    static List<SecretKey> secrets() {
        List<SecretKey> secrets = new ArrayList<>();
        Matcher matcher = Pattern.compile("(?m)^\\s+ensure_secret (\\S+) (\\S+) (\\S+)$").matcher(source());
        while (matcher.find()) {
            secrets.add(new SecretKey(matcher.group(1), matcher.group(2), matcher.group(3)));
        }
        return secrets;
    }
}
