package io.thunderline.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project lives, found from the working directory (any module) or -Dthunderline.root. */
public final class ProjectPaths {
    private ProjectPaths() {
    }

    public static Path root() {
        String configured = System.getProperty("thunderline.root", System.getenv("THUNDERLINE_ROOT"));
        if (configured != null && !configured.isBlank() && isRoot(Path.of(configured))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (isRoot(dir)) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find the Thunderline project root above " + Path.of("").toAbsolutePath()
                + "; run from inside the project or set -Dthunderline.root");
    }

    private static boolean isRoot(Path dir) {
        return Files.isRegularFile(dir.resolve("thunderline")) && Files.isDirectory(dir.resolve("test-infra/kafka-runtime"));
    }

    public static Path kafkaLib() {
        Path lib = root().resolve("test-infra/kafka-runtime/target/kafka-lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("Kafka broker jars missing at " + lib
                    + "; build them with: ./mvnw -q -pl test-infra/kafka-runtime -am package -DskipTests");
        }
        return lib;
    }

    public static Path kafkaLogConfig() {
        return root().resolve("test-infra/kafka-runtime/src/main/resources/kafka-log4j2.properties");
    }

    /** Where servers started by tests keep their data: target/ of the module running the tests. */
    public static Path testState(String name) {
        Path base = Files.isDirectory(Path.of("target")) ? Path.of("target") : root().resolve("target");
        return base.resolve("thunderline-infra").resolve(name).toAbsolutePath();
    }
}
