package io.thunderline.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * Starts one Kafka + PostgreSQL (+ MLflow when installed) on free ports for a whole test run and writes their
 * addresses as shell exports to the file given as argument; stops them on SIGTERM. Used by ./thunderline test.
 */
public final class SharedInfraMain {
    private SharedInfraMain() {
    }

    public static void main(String[] args) throws Exception {
        Path envFile = Path.of(args.length > 0 ? args[0] : "target/infra.env").toAbsolutePath();
        Path state = envFile.getParent().resolve("shared-infra");
        Infra infra = Infra.start(new Infra.Options(state, 0, 0, 0, true));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            infra.close();
            stopped.countDown();
        }, "shared-infra-stop"));
        String exports = infra.endpoints().asEnvironment().entrySet().stream()
                .map(e -> "export " + e.getKey() + "='" + e.getValue() + "'")
                .collect(Collectors.joining("\n", "", "\n"));
        Path tmp = envFile.resolveSibling(envFile.getFileName() + ".tmp");
        Files.writeString(tmp, exports);
        Files.move(tmp, envFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.out.println("[thunderline] test servers ready:\n" + exports);
        stopped.await();
    }
}
