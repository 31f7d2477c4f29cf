package io.thunderline.system;

import io.thunderline.contracts.Topics;
import io.thunderline.infra.ProjectPaths;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/architecture.md is kept true to the code: its topic table names exactly the consumers the services' and
 * agents' code subscribes, every topic of {@link Topics} has a consumer, and its table list per schema is exactly what
 * the Flyway migrations create (the shared outbox/processed_messages migration of service-support included).
 */
class ArchitectureDocTest {
    static final Map<String, String> SHORT_NAMES = Map.of(
            "prompt-ui-service", "ui", "dataset-service", "dataset", "trainer-service", "trainer",
            "upm-service", "upm", "tracking-service", "tracking");
    static final Pattern INCOMING = Pattern.compile("^mp\\.messaging\\.incoming\\.[^.]+\\.topic=(\\S+)\\s*$", Pattern.MULTILINE);
    static final Pattern TOPIC_ROW = Pattern.compile("^\\| `([a-z-]+\\.[a-z.-]+)` \\|([^|]*)\\|([^|]*)\\|([^|]*)\\|", Pattern.MULTILINE);
    static final Pattern SCHEMA_ROW = Pattern.compile("^\\| `([a-z_]+)` \\|([^|]*)\\|", Pattern.MULTILINE);
    static final Pattern CREATE = Pattern.compile("create table (?:if not exists )?([a-z_.]+)", Pattern.CASE_INSENSITIVE);
    static final Pattern DROP = Pattern.compile("drop table (?:if exists )?([a-z_.]+)", Pattern.CASE_INSENSITIVE);
    static final Pattern RENAME = Pattern.compile("alter table (?:if exists )?([a-z_.]+) rename to ([a-z_]+)",
            Pattern.CASE_INSENSITIVE);
    static final Set<String> SUPPORT_USERS = Set.of("dataset", "trainer", "upm", "tracking", "ui");

    private final Path root = ProjectPaths.root();

    private String doc() throws IOException {
        return Files.readString(root.resolve("docs/architecture.md"));
    }

    /** topic → consumers, as the code subscribes them. */
    Map<String, Set<String>> consumersInCode() throws IOException {
        Map<String, Set<String>> consumers = new TreeMap<>();
        for (var e : SHORT_NAMES.entrySet()) {
            String props = Files.readString(root.resolve(e.getKey()).resolve("src/main/resources/application.properties"));
            Matcher m = INCOMING.matcher(props);
            while (m.find()) {
                consumers.computeIfAbsent(m.group(1), t -> new TreeSet<>()).add(e.getValue());
            }
        }
        // agents subscribe in plain kafka-clients code: the topics their consumer is assigned or subscribed to
        try (Stream<Path> files = Files.walk(root.resolve("agent-sdk/src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = Pattern.compile("(?:partitionsFor|subscribe)\\((?:List\\.of\\()?Topics\\.([A-Z_]+)")
                        .matcher(Files.readString(f));
                while (m.find()) {
                    consumers.computeIfAbsent(topicConstant(m.group(1)), t -> new TreeSet<>()).add("agents");
                }
            }
        }
        return consumers;
    }

    private static String topicConstant(String name) {
        try {
            return (String) Topics.class.getField(name).get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Topics." + name, e);
        }
    }

    Map<String, Set<String>> consumersInDoc() throws IOException {
        Map<String, Set<String>> rows = new TreeMap<>();
        Matcher m = TOPIC_ROW.matcher(doc());
        while (m.find()) {
            rows.put(m.group(1), names(m.group(4)));
        }
        return rows;
    }

    private static Set<String> names(String cell) {
        return Arrays.stream(cell.replace("`", "").split("[,;]")).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.split("\\s")[0]).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyTopicHasAConsumer() throws IOException {
        Map<String, Set<String>> code = consumersInCode();
        assertThat(Topics.ALL).allSatisfy(t -> assertThat(code).as("consumers of " + t).containsKey(t));
    }

    @Test
    void theTopicTableNamesTheConsumersTheCodeSubscribes() throws IOException {
        Map<String, Set<String>> doc = consumersInDoc();
        assertThat(doc.keySet()).as("topics in docs/architecture.md").containsExactlyInAnyOrderElementsOf(Topics.ALL);
        assertThat(doc).as("consumers per topic (docs/architecture.md vs application.properties and agent-sdk)")
                .isEqualTo(consumersInCode());
    }

    /** schema → tables, as the migrations leave them. */
    Map<String, Set<String>> tablesInCode() throws IOException {
        Map<String, Set<String>> tables = new TreeMap<>();
        Set<String> support = tablesOf(root.resolve("service-support/src/main/resources/db/support"));
        for (var e : SHORT_NAMES.entrySet()) {
            Set<String> own = tablesOf(root.resolve(e.getKey()).resolve("src/main/resources/db/migration"));
            if (SUPPORT_USERS.contains(e.getValue())) {
                own.addAll(support);
            }
            tables.put(e.getValue(), own);
        }
        return tables;
    }

    private static Set<String> tablesOf(Path dir) throws IOException {
        Set<String> tables = new TreeSet<>();
        List<Path> scripts;
        try (Stream<Path> files = Files.list(dir)) {
            scripts = new ArrayList<>(files.filter(p -> p.toString().endsWith(".sql")).toList());
        }
        scripts.sort((a, b) -> compareVersions(a.getFileName().toString(), b.getFileName().toString()));
        for (Path script : scripts) {
            String sql = Files.readString(script).replaceAll("--[^\\n]*", "");
            for (String statement : sql.split(";")) {
                Matcher c = CREATE.matcher(statement);
                if (c.find()) {
                    tables.add(bare(c.group(1)));
                }
                Matcher d = DROP.matcher(statement);
                if (d.find()) {
                    tables.remove(bare(d.group(1)));
                }
                Matcher r = RENAME.matcher(statement);
                if (r.find() && tables.remove(bare(r.group(1)))) {
                    tables.add(bare(r.group(2)));
                }
            }
        }
        return tables;
    }

    private static String bare(String table) {
        return table.substring(table.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    }

    /** V1__a.sql, V0_2__b.sql, V10__c.sql in Flyway's order. */
    static int compareVersions(String a, String b) {
        String[] va = a.substring(1, a.indexOf("__")).split("[._]");
        String[] vb = b.substring(1, b.indexOf("__")).split("[._]");
        for (int i = 0; i < Math.max(va.length, vb.length); i++) {
            int x = i < va.length ? Integer.parseInt(va[i]) : 0;
            int y = i < vb.length ? Integer.parseInt(vb[i]) : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }

    @Test
    void theDataTableListsEveryTableOfEverySchema() throws IOException {
        Map<String, Set<String>> doc = new TreeMap<>();
        Matcher m = SCHEMA_ROW.matcher(doc());
        while (m.find()) {
            doc.put(m.group(1), names(m.group(2)));
        }
        assertThat(doc).as("tables per schema (docs/architecture.md vs db/migration)").isEqualTo(tablesInCode());
    }

    /**
     * The server never depends on its client SDK, not even in its tests: no service's pom names agent-sdk in any scope,
     * and no service's code or tests use its classes. Tests that run agents against a service live here in
     * system-tests, where the service is a process.
     */
    @Test
    void noServiceDependsOnAgentSdk() throws IOException {
        Pattern dependency = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);
        for (String service : SHORT_NAMES.keySet()) {
            Matcher m = dependency.matcher(Files.readString(root.resolve(service).resolve("pom.xml")));
            while (m.find()) {
                assertThat(m.group(1)).as(service + " depends on agent-sdk").doesNotContain("<artifactId>agent-sdk</artifactId>");
            }
            try (Stream<Path> files = Files.walk(root.resolve(service).resolve("src"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    assertThat(Files.readString(f)).as(root.relativize(f) + " uses agent-sdk")
                            .doesNotContainPattern("import\\s+(static\\s+)?io\\.thunderline\\.agent\\.");
                }
            }
        }
    }
}
