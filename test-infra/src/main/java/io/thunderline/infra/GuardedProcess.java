package io.thunderline.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process that cannot outlive us. It runs under a small bash guard that holds our end of a pipe: when this
 * JVM exits for any reason, even kill -9, the pipe closes and the guard stops the child's whole process group
 * (TERM, then KILL after a grace period). Output goes to a log file. Only the child's exit or our death ends the
 * guard: a child that is paused (SIGSTOP, a debugger) keeps its guard, which waits again until it really exits.
 */
public final class GuardedProcess {
    private static final String GUARD = """
            exec 3<&0
            set -m
            "$@" </dev/null &
            child=$!
            echo $child > "$GUARD_PID_FILE"
            (
              cat <&3 >/dev/null
              kill -TERM -- -$child 2>/dev/null || exit 0
              for _ in $(seq 1 $((GUARD_GRACE * 5))); do kill -0 -- -$child 2>/dev/null || exit 0; sleep 0.2; done
              kill -KILL -- -$child 2>/dev/null
            ) &
            # with job control on, wait also returns when the child merely stops; an exiting guard would then hang
            # up its stopped job, so wait again for as long as the child exists
            while :; do
              wait $child; status=$?
              kill -0 $child 2>/dev/null || exit $status
              sleep 0.5
            done
            """;

    private final String name;
    private final Process guard;
    private final Path log;
    private final Path pidFile;
    private final OutputStream lifeline;

    private GuardedProcess(String name, Process guard, Path log, Path pidFile) {
        this.name = name;
        this.guard = guard;
        this.log = log;
        this.pidFile = pidFile;
        this.lifeline = guard.getOutputStream();
    }

    public static GuardedProcess start(String name, List<String> command, Path workDir, Path log, Map<String, String> env,
                                       int graceSeconds) {
        try {
            Files.createDirectories(log.getParent());
            Files.createDirectories(workDir);
            Path pidFile = log.resolveSibling(name + ".pid");
            Files.deleteIfExists(pidFile);
            List<String> full = new ArrayList<>(List.of("bash", "-c", GUARD, "guard"));
            full.addAll(command);
            ProcessBuilder builder = new ProcessBuilder(full).directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            builder.environment().put("GUARD_PID_FILE", pidFile.toString());
            builder.environment().put("GUARD_GRACE", Integer.toString(graceSeconds));
            return new GuardedProcess(name, builder.start(), log, pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    public boolean alive() {
        return guard.isAlive();
    }

    public Path log() {
        return log;
    }

    public String name() {
        return name;
    }

    /** Pid of the real child (not the guard), once it has started. */
    public long childPid() {
        try {
            return Files.exists(pidFile) ? Long.parseLong(Files.readString(pidFile).strip()) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Closes the lifeline and waits for the guard (and so the child) to end. Descendants that left the child's process
     * group (MLflow starts its job consumers in sessions of their own) are stopped too.
     */
    public void stop(long timeoutSeconds) {
        long child = childPid();
        List<ProcessHandle> tree = child > 0
                ? ProcessHandle.of(child).map(p -> p.descendants().toList()).orElse(List.of()) : List.of();
        stopGuard(timeoutSeconds);
        stopStragglers(tree);
    }

    private static void stopStragglers(List<ProcessHandle> tree) {
        List<ProcessHandle> alive = tree.stream().filter(ProcessHandle::isAlive).toList();
        alive.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (alive.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        alive.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private void stopGuard(long timeoutSeconds) {
        try {
            lifeline.close();
        } catch (IOException ignored) {
            // already closed: the guard is stopping anyway
        }
        try {
            if (!guard.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                long child = childPid();
                if (child > 0) {
                    ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
                }
                guard.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the child like a crash would (kill -9), leaving the guard to notice. */
    public void kill9() {
        long child = childPid();
        if (child > 0) {
            ProcessHandle.of(child).ifPresent(p -> {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            });
        }
        try {
            guard.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
