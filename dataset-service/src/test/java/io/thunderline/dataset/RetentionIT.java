package io.thunderline.dataset;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.EventType;
import io.thunderline.contracts.Topics;
import io.thunderline.contracts.TrackingRun;
import io.thunderline.infra.KafkaTestClient;
import io.thunderline.infra.ThunderlineInfraResource;
import io.thunderline.support.Outbox;
import io.thunderline.support.Retention;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * service-support's Retention against real PostgreSQL (and the relay against real Kafka), in this service's schema
 * (dataset-service writes no outbox rows or message ids of its own, so the counts below are the test's): published
 * outbox rows older than an hour and message ids older than 7 days go, in batches of 1,000; newer rows stay; an
 * unpublished row stays whatever its age, and the relay still publishes it afterwards.
 */
@QuarkusTest
@QuarkusTestResource(ThunderlineInfraResource.class)
class RetentionIT {
    static final Duration DB = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Inject
    Retention retention;

    @Inject
    Outbox outbox;

    @Inject
    MeterRegistry registry;

    @Test
    void oldRowsGoInBatchesNewerAndUnpublishedOnesStayAndTheRelayKeepsPublishing() {
        String key = "retention-" + UUID.randomUUID();
        double outboxBefore = deleted("outbox");
        double processedBefore = deleted("processed_messages");

        // the relay's lock, held by the test: the old unpublished row stays unpublished while retention runs
        SqlConnection relayLock = pool.getConnection().await().atMost(DB);
        Transaction lockTx = relayLock.begin().await().atMost(DB);
        relayLock.query("SELECT pg_advisory_xact_lock(hashtext('outbox:' || current_schema()))").execute()
                .await().atMost(DB);
        try {
            for (int i = 0; i < 3; i++) {
                insertOutbox(key, "now() - interval '2 hours'", "now() - interval '2 hours'");
            }
            insertOutbox(key, "now() - interval '10 minutes'", "now() - interval '10 minutes'");
            insertOutbox(key, "now() - interval '2 days'", null);
            sql("INSERT INTO processed_messages (message_id, topic, processed_at) "
                    + "SELECT $1 || ':old:' || n, 'retention.test', now() - interval '8 days' FROM generate_series(1, 2500) n", key);
            sql("INSERT INTO processed_messages (message_id, topic, processed_at) "
                    + "VALUES ($1 || ':new', 'retention.test', now() - interval '1 day')", key);

            retention.run().await().atMost(DB);

            assertThat(count("SELECT count(*) FROM outbox WHERE event_key = $1 AND published_at IS NOT NULL", key))
                    .as("published rows newer than the retention").isEqualTo(1);
            assertThat(count("SELECT count(*) FROM outbox WHERE event_key = $1 AND published_at IS NULL", key))
                    .as("the old unpublished row").isEqualTo(1);
            assertThat(count("SELECT count(*) FROM processed_messages WHERE message_id LIKE $1 || ':%'", key))
                    .as("message ids newer than the retention").isEqualTo(1);
            // whichever round deleted them (this one or a scheduled one), each was counted once
            assertThat(deleted("outbox") - outboxBefore).isEqualTo(3.0);
            assertThat(deleted("processed_messages") - processedBefore).isEqualTo(2500.0);
        } finally {
            lockTx.rollback().await().atMost(DB);
            relayLock.close().await().atMost(DB);
        }

        // the relay publishes the row that waited, and what is written next
        String next = key + "-next";
        pool.withTransaction(tx -> outbox.append(tx, run(next), next)).await().atMost(DB);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                count("SELECT count(*) FROM outbox WHERE event_key IN ($1, $2) AND published_at IS NULL", key, next) == 0);
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            var seen = kafka.read(Topics.TRACKING_RUNS, Duration.ofSeconds(60), records ->
                    records.stream().anyMatch(r -> next.equals(r.key())) && records.stream().anyMatch(r -> key.equals(r.key())));
            assertThat(seen).extracting(r -> r.key()).contains(key, next);
        }
    }

    static TrackingRun run(String jobId) {
        return new TrackingRun(Contracts.SCHEMA_VERSION, jobId, "1", "run-" + jobId, "http://mlflow/#/runs/" + jobId,
                "RUNNING", Instant.now());
    }

    void insertOutbox(String key, String createdAt, String publishedAt) {
        sql("INSERT INTO outbox (event_id, topic, event_key, ce_type, payload, created_at, published_at) "
                + "VALUES ($1, $2, $3, $4, $5, " + createdAt + ", " + publishedAt + ")",
                UUID.randomUUID(), Topics.TRACKING_RUNS, key, EventType.TRACKING_RUN.ceType(), EventCodec.toJson(run(key)));
    }

    void sql(String sql, Object... args) {
        pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(DB);
    }

    long count(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(DB).iterator().next().getLong(0);
    }

    double deleted(String table) {
        var counter = registry.find("thunderline.retention.deleted.rows").tag("table", table).counter();
        return counter == null ? 0 : counter.count();
    }
}
