package io.loadproof.lab;

import java.time.Duration;

/** Progress output of the lab: what starts, what runs, how it went. */
public final class Console {

    private static final long STARTED = System.nanoTime();

    private Console() {
    }

    public static void step(String message) {
        System.out.printf("%s ==> %s%n", elapsed(), message);
        System.out.flush();
    }

    public static void info(String message) {
        System.out.printf("%s     %s%n", elapsed(), message);
        System.out.flush();
    }

    public static void warn(String message) {
        System.out.printf("%s !!! %s%n", elapsed(), message);
        System.out.flush();
    }

    private static String elapsed() {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - STARTED);
        return String.format("[%02d:%02d]", elapsed.toMinutes(), elapsed.toSecondsPart());
    }
}
