package io.loadproof.lab.faults;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.loadproof.lab.Console;
import io.loadproof.lab.processes.LabEnvironment;

/** What a fault can act on, and where it notes when it started and ended and what it saw. */
public final class FaultContext {

    private final LabEnvironment lab;
    private final Map<String, String> observations = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private long faultStartMillis;
    private long faultEndMillis;

    FaultContext(LabEnvironment lab) {
        this.lab = lab;
    }

    public LabEnvironment lab() {
        return lab;
    }

    public void faultStarts(String what) {
        faultStartMillis = System.currentTimeMillis();
        Console.step("FAULT: " + what);
    }

    public void faultEnds(String what) {
        faultEndMillis = System.currentTimeMillis();
        Console.step("FAULT OVER: " + what);
    }

    public void observe(String name, Object value) {
        observations.put(name, String.valueOf(value));
        Console.info(name + ": " + value);
    }

    /** Something the scenario requires did not hold; the scenario fails. */
    public void problem(String description) {
        problems.add(description);
        Console.warn(description);
    }

    public void check(boolean holds, String description) {
        if (!holds) {
            problem(description);
        }
    }

    long faultStartMillis() {
        return faultStartMillis;
    }

    long faultEndMillis() {
        return faultEndMillis;
    }

    Map<String, String> observations() {
        return observations;
    }

    List<String> problems() {
        return problems;
    }

    public static void sleepSeconds(double seconds) {
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
