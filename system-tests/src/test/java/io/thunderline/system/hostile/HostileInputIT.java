package io.thunderline.system.hostile;

import io.thunderline.infra.Infra;
import io.thunderline.infra.InfraEndpoints;
import io.thunderline.infra.Ports;
import io.thunderline.infra.ServiceFleet;
import io.thunderline.infra.SseReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 21: hostile input against the whole stack (five service jars on real Kafka and PostgreSQL). Every input of
 * {@link HostileInputs} - to the page's /api/** and to each backend directly - must get a clear refusal: its 4xx, a
 * problem+json body naming the field with a detail that says what to fix, no stack trace, and nothing stored (rows
 * of datasets, versions, examples, jobs, schedules, the page's jobs and outbox counted before and after each). The
 * counts are printed ("hostile inputs: N, clear 4xx: N") and docs/reliability.md quotes them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {
    static InfraEndpoints endpoints;
    static ServiceFleet fleet;
    static final String AUTH = SseReader.basic("demo", "demo");

    @BeforeAll
    static void startStack() {
        endpoints = Infra.shared().endpoints();
        fleet = new ServiceFleet(endpoints, Path.of("target/hostile-logs").toAbsolutePath(), spec -> Ports.free())
                .startAll(Map.of(), Duration.ofSeconds(240));
    }

    @AfterAll
    static void stopStack() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    @Order(1)
    void everyHostileInputGetsAClear4xxNamingTheFieldAndNothingIsStored() throws Exception {
        List<Hostile> inputs = HostileInputs.all();
        Set<String> names = new HashSet<>();
        inputs.forEach(h -> assertThat(names.add(h.service() + " " + h.name())).as("distinct: " + h).isTrue());
        HostileClient client = new HostileClient(name -> fleet.get(name).url(), AUTH);
        StoredRows rows = new StoredRows(endpoints);

        Map<String, Long> atStart = rows.awaitQuiet();
        List<String> faults = new ArrayList<>();
        int clear = 0;
        int emptyBodies = 0;
        int serverErrors = 0;
        for (Hostile h : inputs) {
            Map<String, Long> before = rows.count();
            Answer answer = client.send(h);
            List<String> wrong = new ArrayList<>(answer.faults(h));
            Map<String, Long> after = rows.count();
            before.forEach((table, n) -> {
                if (after.get(table) > n) {
                    wrong.add("stored " + (after.get(table) - n) + " row(s) in " + table);
                }
            });
            emptyBodies += answer.body() == null || answer.body().isBlank() ? 1 : 0;
            serverErrors += answer.status() >= 500 ? 1 : 0;
            if (wrong.isEmpty()) {
                clear++;
            } else {
                faults.add(h + ": " + String.join("; ", wrong));
            }
        }
        // and nothing arrives later either (a request that slipped through would reach the trainer over Kafka)
        Map<String, Long> atEnd = rows.awaitQuiet();
        atStart.forEach((table, n) -> {
            if (atEnd.get(table) > n) {
                faults.add("after all inputs: " + (atEnd.get(table) - n) + " more row(s) in " + table);
            }
        });
        System.out.printf("hostile inputs: %d, clear 4xx: %d, empty bodies: %d, 5xx: %d, rows stored: %d%n",
                inputs.size(), clear, emptyBodies, serverErrors,
                atStart.keySet().stream().mapToLong(t -> Math.max(0, atEnd.get(t) - atStart.get(t))).sum());
        faults.forEach(f -> System.out.println("  NOT CLEAR " + f));

        assertThat(inputs).hasSizeGreaterThanOrEqualTo(80);
        assertThat(faults).as("hostile inputs without a clear refusal").isEmpty();
        assertThat(clear).isEqualTo(inputs.size());
    }

    /**
     * Spreadsheet formulas in an uploaded CSV (OWASP CSV injection): the page accepts them as training text and
     * stores them as written, and its "Dataset CSV" download gives them a leading ' so that a spreadsheet shows text.
     */
    @Test
    @Order(2)
    void formulaCellsAreStoredAsWrittenAndTheDownloadShowsThemAsText() throws Exception {
        String formula = "=HYPERLINK(\"http://evil.example\",\"click\")";
        String csv = "text,label\r\n\"" + formula.replace("\"", "\"\"") + "\",positive\r\n"
                + "+1 would buy again,positive\r\n@support nobody answers,negative\r\n-2 stars broke at once,negative\r\n";
        Multipart upload = Multipart.upload(csv.getBytes(StandardCharsets.UTF_8), Map.of("useUpm", "false",
                "trackMlflow", "false"));
        HttpClient http = HttpClient.newHttpClient();
        String ui = fleet.get("prompt-ui-service").url();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ui + "/api/submissions/upload"))
                .header("Authorization", AUTH).header("Content-Type", upload.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(upload.bytes()));
        new HostileClient(name -> fleet.get(name).url(), AUTH).pageTokens().forEach(request::header);
        HttpResponse<String> submitted = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        Matcher job = Pattern.compile("\"jobId\":\"([^\"]+)\"").matcher(submitted.body());
        Matcher dataset = Pattern.compile("\"datasetId\":\"([^\"]+)\"").matcher(submitted.body());
        assertThat(job.find() && dataset.find()).as(submitted.body()).isTrue();

        // import: stored exactly as written (the model learns from the text as given)
        assertThat(storedTexts(dataset.group(1))).contains(formula, "+1 would buy again", "@support nobody answers",
                "-2 stars broke at once");

        // export for people: every formula-like cell starts with ', every cell quoted
        HttpResponse<String> download = http.send(HttpRequest.newBuilder(
                        URI.create(ui + "/api/jobs/" + job.group(1) + "/dataset.csv")).header("Authorization", AUTH).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(download.statusCode()).as(download.body()).isEqualTo(200);
        assertThat(download.body()).contains("\"'" + formula.replace("\"", "\"\"") + "\"", "\"'+1 would buy again\"",
                "\"'@support nobody answers\"", "\"'-2 stars broke at once\"");
        assertThat(download.body().lines().skip(1)).allMatch(line -> line.startsWith("\"'"));
    }

    static List<String> storedTexts(String datasetId) throws Exception {
        try (Connection c = DriverManager.getConnection(endpoints.pgJdbcUrl(), endpoints.pgUser(), endpoints.pgPassword());
             PreparedStatement s = c.prepareStatement("SELECT fields->>'text' FROM dataset.examples WHERE dataset_id = ?")) {
            s.setString(1, datasetId);
            List<String> texts = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    texts.add(rs.getString(1));
                }
            }
            return texts;
        }
    }

    /**
     * issue 21: the backends no longer trust the network. Every endpoint of each backend (from its OpenAPI document)
     * called without credentials, with a token for another service and with an expired one: a 401 problem each, and
     * nothing stored.
     */
    @Test
    @Order(3)
    void everyBackendEndpointRefusesCallsWithoutAValidToken() throws Exception {
        StoredRows rows = new StoredRows(endpoints);
        Map<String, Long> before = rows.awaitQuiet();
        Unauthenticated doors = new Unauthenticated(name -> fleet.get(name).url());
        Map<String, Integer> endpointsPerService = new java.util.LinkedHashMap<>();
        for (String service : Unauthenticated.BACKENDS) {
            endpointsPerService.put(service, doors.endpoints(service).size());
        }
        List<Unauthenticated.Refusal> calls = doors.callAll();
        List<String> faults = new ArrayList<>(calls.stream().filter(c -> !c.faults().isEmpty())
                .map(c -> c.service() + " " + c.method() + " " + c.path() + " (" + c.credentials() + "): " + c.faults())
                .toList());
        Map<String, Long> after = rows.awaitQuiet();
        before.forEach((table, n) -> {
            if (after.get(table) > n) {
                faults.add("stored " + (after.get(table) - n) + " row(s) in " + table);
            }
        });
        System.out.printf("unauthenticated backend calls: %d to %d endpoints %s, refused 401: %d%n", calls.size(),
                endpointsPerService.values().stream().mapToInt(Integer::intValue).sum(), endpointsPerService,
                calls.size() - faults.size());
        faults.forEach(f -> System.out.println("  NOT REFUSED " + f));
        // dataset 14, trainer 30, upm 18, tracking 7 operations when this was written: a floor, new ones count too
        assertThat(endpointsPerService.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThanOrEqualTo(60);
        assertThat(faults).as("backend calls without a valid token that were not refused").isEmpty();
    }
}
