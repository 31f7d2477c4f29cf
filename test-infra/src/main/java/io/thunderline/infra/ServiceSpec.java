package io.thunderline.infra;

import java.nio.file.Path;
import java.util.List;

/** One of the five services: its module, its port and its heap. */
public record ServiceSpec(String name, int defaultPort, String heap) {
    public static final List<ServiceSpec> ALL = List.of(
            new ServiceSpec("dataset-service", 8081, "384m"),
            new ServiceSpec("trainer-service", 8082, "1536m"),
            new ServiceSpec("upm-service", 8083, "512m"),
            new ServiceSpec("tracking-service", 8084, "256m"),
            new ServiceSpec("prompt-ui-service", 8080, "384m"));

    public Path jar() {
        return ProjectPaths.root().resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
