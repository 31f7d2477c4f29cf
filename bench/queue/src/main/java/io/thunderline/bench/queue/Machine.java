package io.thunderline.bench.queue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the numbers were measured on. */
final class Machine {
    private Machine() {
    }

    static String describe() {
        String cpu = read("/proc/cpuinfo").lines().filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        String mem = read("/proc/meminfo").lines().filter(l -> l.startsWith("MemTotal")).findFirst()
                .map(l -> String.format("%.1f GiB", Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0)).orElse("?");
        return "Machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + mem + " RAM, Java "
                + System.getProperty("java.version") + ", load average " + read("/proc/loadavg").trim();
    }

    static String load1() {
        String[] parts = read("/proc/loadavg").trim().split("\\s+");
        return parts.length > 0 ? parts[0] : "?";
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            return "";
        }
    }
}
