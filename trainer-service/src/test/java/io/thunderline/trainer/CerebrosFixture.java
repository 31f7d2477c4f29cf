package io.thunderline.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.thunderline.contracts.ModelType;
import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.model.LanguageModel;
import io.thunderline.ml.model.LanguageModelConfig;
import io.thunderline.ml.model.LanguageModelTrainer;
import io.thunderline.ml.model.ModelFile;
import io.thunderline.ml.model.PromptResponse;
import io.thunderline.ml.model.TrainedModel;
import io.thunderline.ml.nas.ArchitectureSearch;
import io.thunderline.ml.nas.CancellationToken;
import io.thunderline.ml.nas.SearchListener;
import io.thunderline.ml.nas.SearchResult;
import io.thunderline.ml.nas.SearchSpace;
import io.thunderline.ml.text.FeatureSpec;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small Cerebros service for the trainer's ITs, speaking the contract of ARCHITECTURE.md over real HTTP: submit a
 * dataset, poll the status, fetch the checkpoint. It really trains with ml-core (the same search the trainer runs
 * locally), so the metrics the trainer turns into job updates are real. It can be stopped and started again on the
 * same port; like a restarted process, a started-again server has forgotten its jobs.
 */
public class CerebrosFixture implements QuarkusTestResourceLifecycleManager {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every accepted submission: dataset_id, config and the rows of its CSV, for assertions. */
    static final List<Submission> SUBMISSIONS = new CopyOnWriteArrayList<>();
    /** Datasets whose training fails on the service (status failed with an error). */
    static final java.util.Set<String> FAIL_TRAINING = ConcurrentHashMap.newKeySet();
    /** Datasets whose submission the service refuses with a 422. */
    static final java.util.Set<String> REFUSE = ConcurrentHashMap.newKeySet();
    /** Slows every epoch down, so a test can stop the server while a job trains. */
    static volatile long epochDelayMillis;
    private static final Map<String, RemoteJob> JOBS = new ConcurrentHashMap<>();
    private static ExecutorService trainers;
    private static HttpServer server;
    private static int port;

    record Submission(String remoteJobId, String datasetId, String datasetName, JsonNode config, int rows) {
    }

    @Override
    public synchronized Map<String, String> start() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        startServer();
        return Map.of("thunderline.trainer.cerebros.url", "http://127.0.0.1:" + port);
    }

    @Override
    public synchronized void stop() {
        stopServer();
    }

    static synchronized void startServer() {
        trainers = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cerebros-fixture-trainer");
            t.setDaemon(true);
            return t;
        });
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
                break;
            } catch (BindException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw new UncheckedIOException(e);
                }
                sleep(100);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        server.createContext("/api/v1/training/submit", CerebrosFixture::submit);
        server.createContext("/api/v1/training/status/", CerebrosFixture::status);
        server.createContext("/api/v1/training/checkpoints/", CerebrosFixture::checkpoint);
        server.start();
    }

    /** Stops answering (connections are refused) and forgets every job, as a crashed service would. */
    static synchronized void stopServer() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        JOBS.values().forEach(job -> job.cancel.cancel());
        JOBS.clear();
        if (trainers != null) {
            trainers.shutdownNow();
        }
    }

    private static void submit(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            send(exchange, 405, Map.of("error", "POST only"));
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(exchange.getRequestBody());
        } catch (IOException e) {
            send(exchange, 400, Map.of("error", "body is not JSON"));
            return;
        }
        JsonNode files = body.path("csv_files");
        JsonNode config = body.path("config");
        if (body.path("dataset_id").asText().isBlank() || !files.isArray() || files.isEmpty()
                || config.path("phases").asInt() != 4) {
            send(exchange, 400, Map.of("error", "dataset_id, csv_files and config.phases = 4 are required"));
            return;
        }
        if (!"thunderline-model".equals(config.path("checkpoint_format").asText())) {
            send(exchange, 400, Map.of("error", "checkpoint_format " + config.path("checkpoint_format") + " is not offered"));
            return;
        }
        if (REFUSE.contains(body.path("dataset_id").asText())) {
            send(exchange, 422, Map.of("error", "this service does not train datasets like " + body.path("dataset_id").asText()));
            return;
        }
        String csv = files.get(0).path("content").asText();
        RemoteJob job = new RemoteJob(UUID.randomUUID().toString());
        List<CSVRecord> records = records(csv);
        JOBS.put(job.id, job);
        SUBMISSIONS.add(new Submission(job.id, body.path("dataset_id").asText(), body.path("dataset_name").asText(), config,
                records.size()));
        boolean fail = FAIL_TRAINING.contains(body.path("dataset_id").asText());
        trainers.submit(() -> {
            if (fail) {
                job.error = "out of GPU memory in trial 0";
                job.state = "failed";
            } else {
                job.train(ModelType.fromWire(config.path("model_type").asText()), records, config);
            }
        });
        send(exchange, 200, Map.of("job_id", job.id));
    }

    private static void status(HttpExchange exchange) throws IOException {
        String id = exchange.getRequestURI().getPath().substring("/api/v1/training/status/".length());
        RemoteJob job = JOBS.get(id);
        if (job == null) {
            send(exchange, 404, Map.of("error", "no job " + id));
            return;
        }
        long since = 0;
        String query = exchange.getRequestURI().getQuery();
        if (query != null && query.startsWith("since=")) {
            since = Long.parseLong(query.substring("since=".length()));
        }
        send(exchange, 200, job.status(since));
    }

    private static void checkpoint(HttpExchange exchange) throws IOException {
        String id = exchange.getRequestURI().getPath().substring("/api/v1/training/checkpoints/".length());
        RemoteJob job = JOBS.get(id);
        if (job == null || job.model == null) {
            send(exchange, 404, Map.of("error", "no checkpoint for " + id));
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(200, job.model.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(job.model);
        }
    }

    /** One training on the service: its events, numbered from 1, and when done the model file. */
    private static final class RemoteJob implements SearchListener {
        final String id;
        final CancellationToken cancel = new CancellationToken();
        final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
        volatile String state = "queued";
        volatile int phase = 1;
        volatile Map<String, Object> metrics = Map.of();
        volatile byte[] model;
        volatile String error;

        RemoteJob(String id) {
            this.id = id;
        }

        void train(ModelType type, List<CSVRecord> records, JsonNode config) {
            state = "running";
            try {
                TrainedModel trained;
                Map<String, Object> result = new LinkedHashMap<>();
                if (type.classification()) {
                    List<String> texts = new ArrayList<>();
                    List<String> labels = new ArrayList<>();
                    records.forEach(r -> {
                        texts.add(r.get("text"));
                        labels.add(r.get("label"));
                    });
                    SearchSpace space = SearchSpace.defaults().toBuilder().seed(config.path("seed").asLong(42))
                            .moieties(config.path("moieties").asInt(2)).tries(config.path("tries").asInt(1))
                            .epochs(config.path("epochs").asInt(4)).build();
                    FeatureSpec features = FeatureSpec.defaults().withHashDims(config.path("hash_dims").asInt(1 << 14));
                    SearchResult search = new ArchitectureSearch(space, features).run(new LabeledData(texts, labels), this, cancel);
                    trained = search.model();
                    result.put("best_trial", search.best().trial());
                    result.put("best_epoch", search.best().bestEpoch());
                    result.put("best_val_f1", search.best().validationF1());
                    result.put("trials", search.ranking().size());
                    result.put("search_millis", search.millis());
                } else {
                    List<PromptResponse> pairs = new ArrayList<>();
                    records.forEach(r -> pairs.add(new PromptResponse(r.get("prompt"), r.get("response"))));
                    LanguageModelConfig lm = LanguageModelConfig.defaults().withHashDims(config.path("hash_dims").asInt(1 << 16))
                            .withSeed(config.path("seed").asLong(42)).withEpochs(config.path("epochs").asInt(3));
                    phase = 3;
                    LanguageModel languageModel = new LanguageModelTrainer(lm).train(pairs, this, cancel);
                    trained = languageModel;
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ModelFile.save(trained, out);
                metrics = result;
                model = out.toByteArray();
                state = "completed";
            } catch (RuntimeException | IOException e) {
                error = e.toString();
                state = "failed";
            }
        }

        Map<String, Object> status(long since) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("status", state);
            s.put("phase", phase);
            s.put("metrics", metrics);
            s.put("events", events.stream().filter(e -> ((Number) e.get("seq")).longValue() > since).toList());
            if (model != null) {
                s.put("checkpoints", List.of(Map.of("phase", 3, "url", "/api/v1/training/checkpoints/" + id,
                        "format", "thunderline-model", "sha256", sha256(model))));
            }
            if (error != null) {
                s.put("error", error);
            }
            return s;
        }

        private void event(Map<String, Object> e) {
            Map<String, Object> numbered = new LinkedHashMap<>(e);
            numbered.put("seq", events.size() + 1);
            numbered.put("phase", phase);
            events.add(numbered);
        }

        @Override
        public void onPhase(String name, String detail) {
            if ("search".equals(name)) {
                phase = 2;
            } else if ("retrain".equals(name)) {
                phase = 3;
            }
            event(Map.of("type", "phase", "name", name, "detail", detail));
        }

        @Override
        public void onTrialStart(int trial, String architecture) {
            event(Map.of("type", "trial_start", "trial", trial, "architecture", architecture));
        }

        @Override
        public void onEpoch(int trial, int epoch, Map<String, Double> m) {
            metrics = new LinkedHashMap<>(m);
            event(Map.of("type", "epoch", "trial", trial, "epoch", epoch, "metrics", finite(m)));
            if (epochDelayMillis > 0) {
                sleep(epochDelayMillis);
            }
        }

        @Override
        public void onTrialEnd(int trial, int bestEpoch, Map<String, Double> best) {
            event(Map.of("type", "trial_end", "trial", trial, "best_epoch", bestEpoch, "metrics", finite(best)));
        }
    }

    private static Map<String, Double> finite(Map<String, Double> m) {
        Map<String, Double> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (v != null && Double.isFinite(v)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static List<CSVRecord> records(String csv) {
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv))) {
            return parser.getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
