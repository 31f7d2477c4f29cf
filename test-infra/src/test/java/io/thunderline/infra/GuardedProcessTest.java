package io.thunderline.infra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GuardedProcessTest {
    @TempDir
    Path dir;

    private static void signal(String name, long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor()).isZero();
    }

    private static long awaitChild(GuardedProcess p) throws InterruptedException {
        for (int i = 0; i < 100 && p.childPid() < 0; i++) {
            Thread.sleep(50);
        }
        assertThat(p.childPid()).as("the guard wrote the child's pid").isPositive();
        return p.childPid();
    }

    @Test
    void aPausedChildKeepsItsGuardAndRunsOnAfterContinue() throws Exception {
        GuardedProcess p = GuardedProcess.start("sleeper", List.of("sleep", "60"), dir, dir.resolve("sleeper.log"),
                Map.of(), 2);
        try {
            long child = awaitChild(p);
            signal("STOP", child);
            Thread.sleep(2_000);
            assertThat(p.alive()).as("guard alive while its child is paused").isTrue();
            assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive)).contains(true);
            signal("CONT", child);
            Thread.sleep(1_000);
            assertThat(p.alive()).isTrue();
            assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive)).contains(true);
        } finally {
            p.stop(10);
        }
        assertThat(p.alive()).isFalse();
    }

    @Test
    void theGuardEndsWhenItsChildExits() throws Exception {
        GuardedProcess p = GuardedProcess.start("short", List.of("sleep", "0.3"), dir, dir.resolve("short.log"), Map.of(), 2);
        awaitChild(p);
        for (int i = 0; i < 100 && p.alive(); i++) {
            Thread.sleep(50);
        }
        assertThat(p.alive()).isFalse();
    }

    @Test
    void closingTheLifelineStopsAPausedChild() throws Exception {
        GuardedProcess p = GuardedProcess.start("paused", List.of("sleep", "60"), dir, dir.resolve("paused.log"), Map.of(), 1);
        long child = awaitChild(p);
        signal("STOP", child);
        Thread.sleep(500);
        p.stop(10);
        assertThat(p.alive()).isFalse();
        for (int i = 0; i < 100 && ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(50);
        }
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).as("child gone").isFalse();
    }
}
