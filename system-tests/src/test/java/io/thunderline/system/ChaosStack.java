package io.thunderline.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.Topics;
import io.thunderline.infra.InfraEndpoints;
import io.thunderline.infra.KafkaBroker;
import io.thunderline.infra.MlflowServer;
import io.thunderline.infra.Ports;
import io.thunderline.infra.PostgresServer;
import io.thunderline.infra.ProjectPaths;
import io.thunderline.infra.ServiceFleet;
import io.thunderline.infra.ServiceSpec;
import io.thunderline.infra.SseReader;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole stack (five service jars) on a Kafka broker and a PostgreSQL server of its own, for chaos tests: pausing
 * the broker or restarting the database disturbs no other test. Everything listens on 127.0.0.1. Shared by the
 * *ChaosIT classes: starting, submitting through the page, signalling a process, killing and restarting a service,
 * restarting PostgreSQL, asserting that a job ended exactly once with no gap in its updates, and that every service
 * is ready again by itself. MLflow, when asked for, is the one the environment names (./thunderline test's) or one of
 * its own: runs are per job, so sharing it disturbs nobody.
 */
final class ChaosStack implements AutoCloseable {
    static final String AUTH = SseReader.basic("demo", "demo");
    /** How long tracking-service may take to catch up with MLflow (all runs FINISHED, nothing waiting to be sent). */
    static final Duration MIRRORED = Duration.ofSeconds(90);
    static final String PROMPT = """
            "I love this product!" -> positive
            "Absolutely fantastic, works great" -> positive
            "Best purchase this year" -> positive
            "Not what I expected" -> negative
            "Broke after one day" -> negative
            "Waste of money" -> negative
            """;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path state;
    private final KafkaBroker kafka;
    private final int postgresPort;
    private PostgresServer postgres;
    private final InfraEndpoints endpoints;
    private ServiceFleet fleet;
    private MlflowServer ownMlflow;
    private final int ownMlflowPort;

    private ChaosStack(Path state, KafkaBroker kafka, PostgresServer postgres, Optional<String> mlflowUrl,
                       MlflowServer ownMlflow) {
        this.state = state;
        this.kafka = kafka;
        this.postgres = postgres;
        this.postgresPort = postgres.port();
        this.ownMlflow = ownMlflow;
        this.ownMlflowPort = ownMlflow == null ? -1 : ownMlflow.port();
        this.endpoints = new InfraEndpoints(kafka.bootstrapServers(), postgres.url(), PostgresServer.USER,
                PostgresServer.PASSWORD, mlflowUrl);
    }

    /** A broker, a database and the five services of a chaos test named {@code name} (logs in target/name-logs). */
    static ChaosStack start(String name) throws Exception {
        return start(name, false);
    }

    /** As {@link #start(String)}; with {@code mlflow}, tracking-service mirrors jobs into a real MLflow. */
    static ChaosStack start(String name, boolean mlflow) throws Exception {
        return start(name, mlflow, false);
    }

    /**
     * As {@link #start(String, boolean)} with an MLflow server of the stack's own (never the environment's), which
     * {@link #stopMlflow()} and {@link #startMlflow()} can take down and bring back.
     */
    static ChaosStack startWithOwnMlflow(String name) throws Exception {
        return start(name, true, true);
    }

    private static ChaosStack start(String name, boolean mlflow, boolean ownMlflowOnly) throws Exception {
        Path state = Files.createTempDirectory(Files.createDirectories(ProjectPaths.testState("chaos")), name);
        KafkaBroker kafka = KafkaBroker.start(state.resolve("kafka"), Ports.free(), Ports.free());
        ChaosStack stack = null;
        MlflowServer ownMlflow = null;
        try {
            KafkaBroker.createTopics(kafka.bootstrapServers(), Topics.allWithDeadLetters(),
                    Set.of(Topics.ADAPTERS, Topics.STATUS), 3);
            Optional<String> mlflowUrl = Optional.empty();
            if (mlflow) {
                mlflowUrl = ownMlflowOnly ? Optional.empty()
                        : Optional.ofNullable(System.getenv("MLFLOW_URL")).filter(MlflowServer::healthy);
                if (mlflowUrl.isEmpty()) {
                    ownMlflow = MlflowServer.start(state.resolve("mlflow"), Ports.free());
                    mlflowUrl = Optional.of(ownMlflow.url());
                }
            }
            stack = new ChaosStack(state, kafka, PostgresServer.start(state.resolve("postgres"), Ports.free()), mlflowUrl,
                    ownMlflow);
            Map<String, Integer> ports = new java.util.HashMap<>();
            ServiceSpec.ALL.forEach(spec -> ports.put(spec.name(), Ports.free()));
            // the completed update's modelUrl names the trainer's port, so that tracking-service can fetch the model
            // for its MLflow run (the default names 8082, where nothing of this stack listens)
            String trainerUrl = "http://127.0.0.1:" + ports.get("trainer-service");
            // UPM jobs (ServiceKillChaosIT's upm-service kill): a few rows per window and a snapshot every 3 windows,
            // so that a 7-line prompt makes windows in flight and snapshots on both sides of a kill; no candidate is
            // quarantined for drift, so every snapshot continues the one before (examples add up)
            Map<String, String> settings = Map.of("thunderline.trainer.public-url", trainerUrl + "/",
                    "thunderline.tracking.model-fetch.trainer-url", trainerUrl,
                    "thunderline.trainer.feature-window-size", "2",
                    "thunderline.upm.snapshots.every-windows", "3",
                    "thunderline.upm.drift.threshold", "1.0");
            stack.fleet = new ServiceFleet(stack.endpoints, Path.of("target/" + name + "-logs").toAbsolutePath(),
                    spec -> ports.get(spec.name())).startAll(settings, Duration.ofSeconds(240));
            return stack;
        } catch (Exception | Error e) {
            if (stack != null) {
                stack.close();
            } else {
                kafka.close();
                if (ownMlflow != null) {
                    ownMlflow.close();
                }
            }
            throw e;
        }
    }

    /** Where tracking-service mirrors runs (only when started with MLflow). */
    String mlflowUrl() {
        return endpoints.mlflowUrl().orElseThrow(() -> new IllegalStateException("this stack runs without MLflow"));
    }

    KafkaBroker kafka() {
        return kafka;
    }

    ServiceFleet fleet() {
        return fleet;
    }

    /** Stops the stack's own MLflow server (an outage: its port refuses connections); its runs stay on disk. */
    void stopMlflow() {
        if (ownMlflow == null) {
            throw new IllegalStateException("this stack has no MLflow of its own (start it with startWithOwnMlflow)");
        }
        ownMlflow.close();
        ownMlflow = null;
    }

    /** Starts the stack's own MLflow server again on its port and data, until it is healthy. */
    void startMlflow() {
        if (ownMlflowPort < 0 || ownMlflow != null) {
            throw new IllegalStateException("no stopped MLflow of this stack's own to start");
        }
        ownMlflow = MlflowServer.start(state.resolve("mlflow"), ownMlflowPort);
    }

    /** Stops PostgreSQL (a fast shutdown: clients are cut off), waits, and starts it again on its port and data. */
    void restartPostgres(Duration down) throws InterruptedException {
        postgres.close();
        Thread.sleep(down.toMillis());
        postgres = PostgresServer.start(state.resolve("postgres"), postgresPort);
    }

    /** Submits prompt text through the page's API as demo; answers the job id (202 expected). */
    String submit(String prompt) throws Exception {
        return submit(prompt, false);
    }

    /** As {@link #submit(String)}, with or without MLflow tracking of the job. */
    String submit(String prompt, boolean trackMlflow) throws Exception {
        return acceptedJob(trySubmit(prompt, trackMlflow));
    }

    private static String acceptedJob(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        Matcher m = Pattern.compile("\"jobId\":\"([^\"]+)\"").matcher(response.body());
        assertThat(m.find()).as(response.body()).isTrue();
        return m.group(1);
    }

    /** Posts a submission as demo and answers whatever the page answers; a page that is not listening throws. */
    HttpResponse<String> trySubmit(String prompt, boolean trackMlflow) throws IOException, InterruptedException {
        return trySubmit(prompt, trackMlflow, null);
    }

    /** As {@link #trySubmit(String, boolean)}; a {@code datasetId} makes the text that dataset's next version. */
    HttpResponse<String> trySubmit(String prompt, boolean trackMlflow, String datasetId)
            throws IOException, InterruptedException {
        return trySubmit(prompt, trackMlflow, datasetId, false);
    }

    /** A job tracked in MLflow with UPM on: its training rows go to upm-service as feature windows (202 expected). */
    String submitWithUpm(String prompt) throws Exception {
        return acceptedJob(trySubmit(prompt, true, null, true));
    }

    private HttpResponse<String> trySubmit(String prompt, boolean trackMlflow, String datasetId, boolean useUpm)
            throws IOException, InterruptedException {
        Map<String, Object> form = new java.util.LinkedHashMap<>(Map.of("promptText", prompt,
                "modelType", "sentiment_analysis", "priority", "high", "useUpm", useUpm, "trackMlflow", trackMlflow));
        if (datasetId != null) {
            form.put("datasetId", datasetId);
        }
        String body = EventCodec.mapper().writeValueAsString(form);
        return http.send(HttpRequest.newBuilder(URI.create(pageUrl() + "/api/submissions"))
                .header("Content-Type", "application/json").header("Authorization", AUTH).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET of one of the page's API paths as demo (200 expected); answers the body. */
    String pageGet(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = pageCall(path, Duration.ofSeconds(30));
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return response.body();
    }

    /** GET of one of the page's paths as demo, whatever it answers, within {@code timeout}. */
    HttpResponse<String> pageCall(String path, Duration timeout) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(pageUrl() + path)).header("Authorization", AUTH)
                .timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET of a service's readiness check, whatever it answers, within {@code timeout}. */
    HttpResponse<String> readiness(String service, Duration timeout) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(fleet.get(service).url() + "/q/health/ready"))
                .timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    }

    String pageUrl() {
        return fleet.get("prompt-ui-service").url();
    }

    /**
     * Kills a service like a crash (kill -9 of its JVM: no shutdown hook, nothing flushed or committed), after checking
     * the pid runs that service's jar, and waits until the process is gone.
     */
    void kill9(String service) {
        long pid = fleet.get(service).process().childPid();
        assertThat(pid).as("the pid of " + service).isPositive();
        assertThat(commandLine(pid)).as("pid %d is this stack's %s", pid, service).contains(service);
        signal("KILL", pid);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).alias(service + " gone after kill -9")
                .until(() -> state(pid).equals("gone"));
    }

    /** Starts a killed service again as the stack does (same jar, port and settings), until it is ready. */
    void restart(String service, Duration within) {
        fleet.restart(service, within);
    }

    /** Each job completed on the page and in the trainer, with one terminal update, none after it, and no gap. */
    void assertEachCompletedExactlyOnce(List<String> jobs, Duration within) {
        await().atMost(within).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            for (String job : jobs) {
                assertThat(queryString("SELECT status FROM ui.job_view WHERE job_id = ?", job)).as(job).isEqualTo("completed");
            }
        });
        try {
            for (String job : jobs) {
                assertThat(queryString("SELECT status FROM trainer.jobs WHERE id = ?", job)).isEqualTo("completed");
                assertThat(queryLong("SELECT count(*) FROM ui.job_update WHERE job_id = ? AND status IN ('completed', "
                        + "'failed', 'cancelled')", job)).as("terminal updates of " + job).isEqualTo(1);
                assertThat(queryLong("SELECT count(*) FROM ui.job_update u WHERE job_id = ? AND seq > (SELECT seq FROM "
                        + "ui.job_update WHERE job_id = u.job_id AND status = 'completed')", job)).as("after the end").isZero();
                // the job's update numbers have no gap: nothing was lost on the way to the page
                assertThat(queryLong("SELECT max(seq) + 1 - count(*) FROM ui.job_update WHERE job_id = ?", job))
                        .as("missing updates of " + job).isZero();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every service answers its readiness check with 200 (by itself, nobody restarted it). */
    /** The names of the stack's services. */
    List<String> services() {
        return fleet.all().stream().map(r -> r.spec().name()).toList();
    }

    void assertAllReadyWithin(Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (ServiceFleet.Running service : fleet.all()) {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(service.url() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).as(service.spec().name() + ": " + ready.body()).isEqualTo(200);
            }
        });
    }

    /**
     * Sends signal {@code name} to {@code pid}; for STOP and CONT, also waits until the kernel shows the process
     * stopped or running again (/proc/pid/stat), so that a test never goes on believing a signal that did not act.
     */
    static void signal(String name, long pid) {
        if (pid <= 0) {
            return;
        }
        try {
            int exit = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start().waitFor();
            assertThat(exit).as("kill -%s %d", name, pid).isZero();
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException("kill -" + name + " " + pid + " failed", e);
        }
        if (name.equals("STOP") || name.equals("CONT")) {
            boolean stopped = name.equals("STOP");
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .alias("process " + pid + (stopped ? " stopped" : " running") + " after kill -" + name)
                    .until(() -> state(pid).equals("T") == stopped);
        }
    }

    /** The process state letter of /proc/pid/stat (R, S, T …), or "gone". */
    static String state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        } catch (java.io.IOException e) {
            return "gone";
        }
    }

    /** The command line of a process, to check a pid names the process a test means to signal. */
    static String commandLine(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
        } catch (java.io.IOException e) {
            return "gone";
        }
    }

    String queryString(String sql, String arg) throws Exception {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, arg);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** The rows of a query, each as a list of its columns' values as text. */
    List<List<String>> queryRows(String sql, Object... args) throws Exception {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                List<List<String>> rows = new java.util.ArrayList<>();
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new java.util.ArrayList<>(columns);
                    for (int i = 1; i <= columns; i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    long queryLong(String sql, String arg) throws Exception {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, arg);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection(endpoints.pgJdbcUrl(), endpoints.pgUser(), endpoints.pgPassword());
    }

    /** What the MLflow check counted over the jobs. */
    record Mirrored(int finished, int points, int duplicates, int missing) {
    }

    /** One metric point as MLflow keeps it. */
    record Point(String key, long step, long timestamp) {
    }

    /**
     * Each job's MLflow run is FINISHED and holds exactly the metric points tracking-service recorded from the job's
     * updates: none missing, none twice (MLflow keeps a repeated point as another row, so a replay that sent one again
     * would show here). First, tracking-service has caught up: it saw every update the page stored, and nothing waits
     * to be sent.
     */
    Mirrored assertMirroredOnce(List<String> jobs) throws Exception {
        await().atMost(MIRRORED).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            for (String job : jobs) {
                assertThat(queryString("SELECT run_state FROM tracking.runs WHERE job_id = ?", job)).as(job)
                        .isEqualTo("FINISHED");
                assertThat(queryLong("SELECT count(*) FROM tracking.pending_mlflow_ops WHERE job_id = ?", job))
                        .as("MLflow operations waiting for " + job).isZero();
                assertThat(queryLong("SELECT count(*) FROM tracking.seen_job_updates WHERE job_id = ?", job))
                        .as("updates of " + job + " seen by tracking")
                        .isEqualTo(queryLong("SELECT count(*) FROM ui.job_update WHERE job_id = ?", job));
            }
        });
        int finished = 0;
        int points = 0;
        int duplicates = 0;
        int missing = 0;
        for (String job : jobs) {
            String runId = queryString("SELECT run_id FROM tracking.runs WHERE job_id = ?", job);
            JsonNode run = mlflow("/api/2.0/mlflow/runs/get?run_id=" + runId).path("run");
            assertThat(run.path("info").path("status").asText()).as("MLflow run of " + job).isEqualTo("FINISHED");
            finished++;
            Set<Point> recorded = new HashSet<>();
            for (List<String> r : queryRows("SELECT key, step, (extract(epoch FROM at) * 1000)::bigint "
                    + "FROM tracking.run_metrics WHERE job_id = ?", job)) {
                recorded.add(new Point(r.get(0), Long.parseLong(r.get(1)), Long.parseLong(r.get(2))));
            }
            Set<String> keys = new HashSet<>();
            recorded.forEach(p -> keys.add(p.key()));
            Set<String> mlflowKeys = new HashSet<>();
            run.path("data").path("metrics").forEach(m -> mlflowKeys.add(m.path("key").asText()));
            assertThat(mlflowKeys).as("metric names of " + job + " in MLflow").isEqualTo(keys);
            List<Point> inMlflow = new ArrayList<>();
            for (String key : keys) {
                mlflow("/api/2.0/mlflow/metrics/get-history?run_id=" + runId + "&metric_key="
                        + URLEncoder.encode(key, StandardCharsets.UTF_8)).path("metrics").forEach(m -> inMlflow.add(
                        new Point(m.path("key").asText(), m.path("step").asLong(0), m.path("timestamp").asLong())));
            }
            Set<Point> distinct = new HashSet<>(inMlflow);
            duplicates += inMlflow.size() - distinct.size();
            Set<Point> lost = new HashSet<>(recorded);
            lost.removeAll(distinct);
            missing += lost.size();
            points += distinct.size();
            assertThat(inMlflow).as("metric points of " + job + " in MLflow").doesNotHaveDuplicates();
            assertThat(distinct).as("metric points of " + job + " in MLflow").isEqualTo(recorded);
        }
        return new Mirrored(finished, points, duplicates, missing);
    }

    JsonNode mlflow(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(mlflowUrl() + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("MLflow %s: %s", path, r.body()).isEqualTo(200);
        return EventCodec.mapper().readTree(r.body());
    }

    @Override
    public void close() {
        signal("CONT", kafka.process().childPid()); // never leave a stopped broker behind a failed test
        for (AutoCloseable c : new AutoCloseable[]{fleet, kafka, postgres, ownMlflow}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort: the next test starts its own
            }
        }
    }
}
