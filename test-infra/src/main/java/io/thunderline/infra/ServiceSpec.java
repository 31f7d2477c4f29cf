package io.thunderline.infra;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One of the five services: its module, its port, its heap and its garbage collector. */
public record ServiceSpec(String name, int defaultPort, String heap, String gc) {
    private static final String SERIAL = "-XX:+UseSerialGC";
    /**
     * upm-service holds a 16 MiB weight array per served version: G1 frees such arrays (humongous, no references) at
     * young collections, where Serial let them fill the old generation and paused ~125 ms in a full collection every
     * dozen snapshots, in the middle of adapter syncs.
     */
    private static final String G1 = "-XX:+UseG1GC";

    public static final List<ServiceSpec> ALL = List.of(
            new ServiceSpec("dataset-service", 8081, "384m", SERIAL),
            new ServiceSpec("trainer-service", 8082, "1536m", SERIAL),
            new ServiceSpec("upm-service", 8083, "512m", G1),
            new ServiceSpec("tracking-service", 8084, "256m", SERIAL),
            new ServiceSpec("prompt-ui-service", 8080, "384m", SERIAL));

    public static ServiceSpec named(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
    }

    /** {@code java -Xmx… -XX:+Use…GC}: how the fleet, the restart test and the benchmarks start this service. */
    public List<String> javaCommand() {
        return new ArrayList<>(List.of(KafkaBroker.javaBin(), "-Xmx" + heap, gc));
    }

    public Path jar() {
        return ProjectPaths.root().resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
