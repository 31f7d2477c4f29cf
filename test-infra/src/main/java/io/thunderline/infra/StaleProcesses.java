package io.thunderline.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Stops a server an earlier, crashed run left behind on the same data directory. */
final class StaleProcesses {
    private StaleProcesses() {
    }

    static void stopPostgresLeftIn(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(StaleProcesses::terminate);
        } catch (IOException | RuntimeException e) {
            // unreadable pid file: postgres will refuse to start and say why
        }
    }

    static void terminate(ProcessHandle process) {
        process.destroy();
        try {
            process.onExit().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
    }
}
