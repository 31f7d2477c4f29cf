package io.thunderline.agent;

import io.thunderline.contracts.AdapterAck;
import io.thunderline.contracts.AdapterEvent;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.EventType;
import io.thunderline.contracts.InvalidEventException;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.Topics;
import io.thunderline.ml.text.SparseVector;
import io.thunderline.upm.wire.FamilyPrediction;
import io.thunderline.upm.wire.UpmFeatures;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An agent of the Unified Persistent Model: follows {@code upm.adapters} for chosen families, verifies and applies
 * each adapter, acknowledges on {@code upm.adapter-acks}, and predicts from the weights it holds.
 *
 * <p>It reads the compacted topic from the beginning without a consumer group (so every agent sees every adapter and
 * never waits for a rebalance): first up to the end offsets found at start, keeping only the latest adapter per family
 * (what compaction would leave), then every new adapter in order. Every adapter gets an ack: applied, or refused with
 * the reason. Held versions are re-acknowledged every {@code heartbeat} (10 s by default) so upm-service can count
 * live agents and show one that stopped answering as offline; a followed family with no model yet is heartbeated as
 * {@link AdapterAck#waiting} from the moment the agent has read the topic, so the agent is listed before its first model.
 *
 * <pre>{@code
 * try (UpmAgent agent = UpmAgent.builder().agentId("a1").families(ModelType.SENTIMENT_ANALYSIS)
 *         .bootstrapServers("127.0.0.1:9092").build().start()) {
 *     agent.predict(ModelType.SENTIMENT_ANALYSIS, "what a lovely day").ifPresent(System.out::println);
 * }
 * }</pre>
 *
 * <p>Over 300 lines only because its fluent {@link Builder} (the SDK's public entry point) is nested here.
 */
public final class UpmAgent implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(UpmAgent.class.getName());
    private static final String SOURCE = Contracts.SOURCE_PREFIX + "agent/";

    private final String agentId;
    private final Set<ModelType> families;
    private final Map<ModelType, FamilyModel> models = new EnumMap<>(ModelType.class);
    private final AdapterApplier applier;
    private final Duration heartbeat;
    private final AgentListener listener;
    private final Clock clock;
    private final KafkaConsumer<String, String> consumer;
    private final KafkaProducer<String, String> producer;
    private final Thread loop;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Map<ModelType, String> lastErrors = Collections.synchronizedMap(new EnumMap<>(ModelType.class));
    private final FeedbackClient feedback;
    private volatile boolean running;

    private UpmAgent(Builder b) {
        this.agentId = b.agentId;
        this.feedback = b.upmUrl == null ? null : new FeedbackClient(b.upmUrl, b.agentId, b.agentKey);
        this.families = Collections.unmodifiableSet(EnumSet.copyOf(b.families));
        for (ModelType family : families) {
            models.put(family, new FamilyModel(family));
        }
        this.applier = new AdapterApplier(b.verifyWeights, b.agentKey);
        this.heartbeat = b.heartbeat;
        this.listener = b.listener;
        this.clock = b.clock;
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, b.bootstrapServers);
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "upm-agent-" + agentId);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // an adapter ends a waiting fetch at once; a longer wait only means fewer empty fetches from idle agents
        consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "500");
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerProps.putAll(b.kafka);
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, b.bootstrapServers);
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "upm-agent-" + agentId);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProps.putAll(b.kafka);
        this.consumer = new KafkaConsumer<>(consumerProps);
        this.producer = new KafkaProducer<>(producerProps);
        this.loop = new Thread(this::run, "upm-agent-" + agentId);
        this.loop.setDaemon(true);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts following upm.adapters in the background; returns at once. */
    public UpmAgent start() {
        running = true;
        loop.start();
        return this;
    }

    /** Waits until the adapters present at start have been read and applied (or refused). */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public String agentId() {
        return agentId;
    }

    public Set<ModelType> families() {
        return families;
    }

    /** The version held for a family, if any. */
    public OptionalLong version(ModelType family) {
        FamilyModel.Held held = model(family).held();
        return held.any() ? OptionalLong.of(held.version()) : OptionalLong.empty();
    }

    /** The labels of the held model, class id = position. */
    public List<String> labels(ModelType family) {
        return model(family).labels();
    }

    /** SHA-256 of the weights held now, computed over every weight (compare with the snapshot's checksum). */
    public Optional<String> weightsChecksum(ModelType family) {
        return model(family).computeSha256();
    }

    /** The last refusal reported for a family, if the latest adapter was refused. */
    public Optional<String> lastError(ModelType family) {
        return Optional.ofNullable(lastErrors.get(family));
    }

    public Optional<FamilyPrediction> predict(ModelType family, String text) {
        return predict(family, UpmFeatures.featurize(text));
    }

    public Optional<FamilyPrediction> predict(ModelType family, SparseVector features) {
        return model(family).predict(features);
    }

    /**
     * Tells upm-service whether {@code prediction} (made by this agent) was right, counted for the snapshot version
     * that made it: the online accuracy an A/B test of snapshots (a canary against the active version) is judged by.
     * {@code rightLabel} may be null; when given, the prediction was right exactly if it is the predicted label.
     * Blocking (one HTTP call, retried with the same feedback id); needs {@link Builder#upmUrl}. True when recorded.
     */
    public boolean feedback(FamilyPrediction prediction, Boolean correct, String rightLabel) {
        if (feedback == null) {
            throw new IllegalStateException("agent " + agentId + " has no upm-service URL: build it with .upmUrl(...)");
        }
        if (correct == null && (rightLabel == null || rightLabel.isBlank())) {
            throw new IllegalArgumentException("say whether the prediction was right, or give the right label");
        }
        model(prediction.family());
        return feedback.send(prediction, correct, rightLabel);
    }

    private FamilyModel model(ModelType family) {
        FamilyModel model = models.get(family);
        if (model == null) {
            throw new IllegalArgumentException("agent " + agentId + " does not follow " + family.wireName()
                    + "; it follows " + families.stream().map(ModelType::wireName).toList());
        }
        return model;
    }

    private void run() {
        warmUp();
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ADAPTERS, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            catchUp(partitions);
            caughtUp.countDown();
            beat(); // listed at once: "waiting for a first model" for families the topic had nothing of
            long nextBeat = System.nanoTime() + heartbeat.toNanos();
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    handle(record);
                }
                if (System.nanoTime() >= nextBeat) {
                    beat();
                    nextBeat = System.nanoTime() + heartbeat.toNanos();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (running) {
                LOG.log(Level.SEVERE, "agent " + agentId + " stopped following " + Topics.ADAPTERS, e);
            }
        } finally {
            caughtUp.countDown();
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Before the first adapter: see {@link ApplyWarmup}. A failure is only logged; the real adapters say more. */
    private void warmUp() {
        try {
            Duration took = ApplyWarmup.run(applier);
            if (!took.isZero()) {
                LOG.fine(() -> "agent " + agentId + ": adapter codec warmed up in " + took.toMillis() + " ms");
            }
        } catch (RuntimeException | LinkageError e) {
            // a LinkageError: zstd's native library cannot load here, so zstd adapters will be refused; gzip still works
            LOG.log(Level.WARNING, "agent " + agentId + ": adapter codec warm-up failed", e);
        }
    }

    /**
     * Reads what the topic held at start and applies only the latest adapter of each family, then the family's latest
     * canary record if it names this agent.
     */
    private void catchUp(List<TopicPartition> partitions) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<String, ConsumerRecord<String, String>> latest = new java.util.TreeMap<>();
        while (running && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                familyOf(record).ifPresent(f -> latest.put(record.key(), record));
            }
        }
        // "family" sorts before "family#canary": every family's main record first
        latest.values().forEach(this::handle);
    }

    private Optional<ModelType> familyOf(ConsumerRecord<String, String> record) {
        return AdapterEvent.familyOfKey(record.key()).filter(families::contains);
    }

    private void handle(ConsumerRecord<String, String> record) {
        if (familyOf(record).isEmpty() || record.value() == null) {
            return;
        }
        AdapterEvent event;
        try {
            event = EventCodec.fromJson(record.value(), AdapterEvent.class);
        } catch (InvalidEventException e) {
            LOG.warning("agent " + agentId + " skips an unreadable adapter at " + record.topic() + "-"
                    + record.partition() + "@" + record.offset() + ": " + e.getMessage());
            return;
        }
        if (!families.contains(event.family()) || !event.addressedTo(agentId)) {
            // another agents' canary (or a retired one): not ours to apply or answer
            return;
        }
        AdapterApplier.Outcome outcome;
        try {
            outcome = applier.apply(models.get(event.family()), event);
        } catch (RuntimeException e) {
            outcome = AdapterApplier.Outcome.refused("cannot apply adapter version " + event.version() + ": " + e);
        }
        if (outcome.applied()) {
            lastErrors.remove(event.family());
            LOG.fine(() -> "agent " + agentId + " holds " + event.family().wireName() + " v" + event.version());
        } else {
            lastErrors.put(event.family(), outcome.error());
            LOG.warning("agent " + agentId + " refused " + event.family().wireName() + " adapter v" + event.version()
                    + ": " + outcome.error());
        }
        AdapterAck ack = new AdapterAck(Contracts.SCHEMA_VERSION, agentId, event.family(), event.version(),
                outcome.applied(), outcome.error(), clock.instant());
        listener.handled(ack);
        ack(ack);
    }

    private void beat() {
        for (ModelType family : families) {
            FamilyModel.Held held = models.get(family).held();
            // after a refusal only a liveness heartbeat (version 0): upm-service keeps the refusal until an adapter applies
            ack(held.any() && !lastErrors.containsKey(family)
                    ? new AdapterAck(Contracts.SCHEMA_VERSION, agentId, family, held.version(), true, null, clock.instant())
                    : AdapterAck.waiting(agentId, family, clock.instant()));
        }
    }

    private void ack(AdapterAck ack) {
        EventType type = EventType.ADAPTER_ACKED;
        ProducerRecord<String, String> record = new ProducerRecord<>(type.topic(), agentId, EventCodec.toJson(ack));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", UUID.randomUUID().toString());
        headers.put("ce_type", type.ceType());
        headers.put("ce_source", SOURCE + agentId);
        headers.put("ce_subject", agentId);
        headers.put("ce_time", Instant.now(clock).toString());
        headers.put("content-type", "application/json");
        headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                LOG.warning("agent " + agentId + " cannot ack " + ack.family().wireName() + " v" + ack.version() + ": " + error);
            } else {
                listener.acked(ack);
            }
        });
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            loop.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }

    public static final class Builder {
        private String agentId;
        private Set<ModelType> families = EnumSet.noneOf(ModelType.class);
        private String bootstrapServers;
        private Duration heartbeat = Duration.ofSeconds(10);
        private boolean verifyWeights;
        private AgentListener listener = AgentListener.NONE;
        private Clock clock = Clock.systemUTC();
        private final Map<String, Object> kafka = new HashMap<>();
        private java.net.URI upmUrl;
        private String agentKey = System.getenv("THUNDERLINE_AGENT_KEY");

        public Builder agentId(String id) {
            this.agentId = id;
            return this;
        }

        public Builder families(ModelType... wanted) {
            return families(Set.of(wanted));
        }

        public Builder families(Set<ModelType> wanted) {
            this.families = wanted.isEmpty() ? EnumSet.noneOf(ModelType.class) : EnumSet.copyOf(wanted);
            return this;
        }

        public Builder bootstrapServers(String servers) {
            this.bootstrapServers = servers;
            return this;
        }

        /** How often held versions are re-acknowledged (upm-service forgets agents it has not heard from). */
        public Builder heartbeat(Duration every) {
            this.heartbeat = every;
            return this;
        }

        /**
         * Also check the SHA-256 of all weights after each adapter (a pass over every weight: off by default; the
         * incremental weights digest is always checked).
         */
        public Builder verifyWeights(boolean verify) {
            this.verifyWeights = verify;
            return this;
        }

        public Builder listener(AgentListener l) {
            this.listener = Objects.requireNonNull(l);
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c);
            return this;
        }

        /** upm-service's base URL (e.g. http://upm:8083), where {@link UpmAgent#feedback} posts judgements. */
        public Builder upmUrl(String url) {
            this.upmUrl = url == null || url.isBlank() ? null : java.net.URI.create(url.endsWith("/") ? url : url + "/");
            return this;
        }

        /**
         * The deployment's agent key, sent as X-Agent-Key on the calls to upm-service (adapter payloads by fetch URL,
         * feedback); THUNDERLINE_AGENT_KEY by default. upm-service refuses those calls without it.
         */
        public Builder agentKey(String key) {
            this.agentKey = key == null || key.isBlank() ? null : key.strip();
            return this;
        }

        /** Extra Kafka client properties (security settings and such), for both the consumer and the producer. */
        public Builder kafkaProperty(String key, Object value) {
            kafka.put(key, value);
            return this;
        }

        public UpmAgent build() {
            if (agentId == null || agentId.isBlank()) {
                throw new IllegalArgumentException("agentId is required: give each agent a stable, unique id (e.g. --agent-id a1)");
            }
            if (families.isEmpty()) {
                throw new IllegalArgumentException("families is required: name at least one of "
                        + List.of(ModelType.TEXT_CLASSIFICATION.wireName(), ModelType.SENTIMENT_ANALYSIS.wireName()));
            }
            for (ModelType f : families) {
                if (!f.classification()) {
                    throw new IllegalArgumentException("family " + f.wireName() + " has no UPM model; UPM learns "
                            + ModelType.TEXT_CLASSIFICATION.wireName() + " and " + ModelType.SENTIMENT_ANALYSIS.wireName());
                }
            }
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("bootstrapServers is required (e.g. --kafka 127.0.0.1:9092)");
            }
            if (heartbeat.isNegative() || heartbeat.isZero()) {
                throw new IllegalArgumentException("heartbeat must be positive");
            }
            return new UpmAgent(this);
        }
    }
}
