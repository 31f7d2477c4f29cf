package io.thunderline.trainer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * trainer-service's packages form a layered graph: a package that uses another is never used by it, directly or
 * through others. Reads the main sources' package declarations and every reference to a class of another trainer
 * package (imports, static imports and fully qualified names), and fails naming a cycle if there is one.
 */
class PackageCycleTest {
    private static final Path SOURCES = Path.of("src/main/java/io/thunderline/trainer");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
    /** io.thunderline.trainer.<package>.<Class>: the package is every segment before the first capitalised one. */
    private static final Pattern REFERENCE = Pattern.compile("\\b(io\\.thunderline\\.trainer(?:\\.[a-z_][\\w]*)*)\\.[A-Z]");

    @Test
    void trainerServicePackagesFormNoCycle() throws IOException {
        Map<String, Set<String>> uses = graph();
        assertThat(uses).as("packages read from " + SOURCES.toAbsolutePath()).containsKeys(
                "io.thunderline.trainer.queue", "io.thunderline.trainer.run", "io.thunderline.trainer.engine");
        assertThat(cycle(uses)).as("a package cycle in trainer-service (package graph: " + uses + ")").isEmpty();
    }

    @Test
    void theEngineDoesNotKnowTheRunOrTheQueue() throws IOException {
        assertThat(graph().get("io.thunderline.trainer.engine"))
                .doesNotContain("io.thunderline.trainer.run", "io.thunderline.trainer.queue", "io.thunderline.trainer.events");
    }

    @Test
    void aCycleIsFound() {
        Map<String, Set<String>> uses = new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a")));
        assertThat(cycle(uses)).containsExactly("a", "b", "c", "a");
        assertThat(cycle(new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of())))).isEmpty();
    }

    static Map<String, Set<String>> graph() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher declared = PACKAGE.matcher(source);
                assertThat(declared.find()).as(file + " declares its package").isTrue();
                String from = declared.group(1);
                Set<String> targets = uses.computeIfAbsent(from, k -> new TreeSet<>());
                Matcher reference = REFERENCE.matcher(source.substring(declared.end()));
                while (reference.find()) {
                    if (!reference.group(1).equals(from)) {
                        targets.add(reference.group(1));
                    }
                }
            }
        }
        return uses;
    }

    /** One cycle as a path that ends where it starts, or an empty list. */
    static List<String> cycle(Map<String, Set<String>> uses) {
        Map<String, Integer> state = new TreeMap<>(); // absent: unseen, 1: on the current path, 2: done
        for (String start : uses.keySet()) {
            List<String> path = new ArrayList<>();
            if (visit(start, uses, state, path)) {
                return path;
            }
        }
        return List.of();
    }

    private static boolean visit(String node, Map<String, Set<String>> uses, Map<String, Integer> state, List<String> path) {
        Integer seen = state.get(node);
        if (seen != null && seen == 2) {
            return false;
        }
        if (seen != null) {
            path.subList(0, path.indexOf(node)).clear();
            path.add(node);
            return true;
        }
        state.put(node, 1);
        path.add(node);
        for (String next : uses.getOrDefault(node, Set.of())) {
            if (visit(next, uses, state, path)) {
                return true;
            }
        }
        state.put(node, 2);
        path.remove(path.size() - 1);
        return false;
    }
}
