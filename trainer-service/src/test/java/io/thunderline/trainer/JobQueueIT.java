package io.thunderline.trainer;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.Priority;
import io.thunderline.contracts.Topics;
import io.thunderline.contracts.TrainingRequested;
import io.thunderline.infra.KafkaTestClient;
import io.thunderline.infra.ThunderlineInfraResource;
import io.thunderline.trainer.repository.JobRepository;
import io.thunderline.trainer.repository.JobRow;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(ThunderlineInfraResource.class)
class JobQueueIT {
    static KafkaTestClient kafka;

    @Inject
    JobRepository jobs;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    static TrainingRequested request(String jobId, Priority priority) {
        return new TrainingRequested(Contracts.SCHEMA_VERSION, jobId, "ds-" + jobId, 1, ModelType.TEXT_CLASSIFICATION,
                priority, false, false, "a -> b", "it-user", Instant.now());
    }

    @Test
    void aRequestBecomesAJobThatRunsThroughFourPhasesWithOrderedUpdates() {
        String jobId = "job-" + UUID.randomUUID();
        kafka.send(request(jobId, Priority.NORMAL), jobId);

        await().atMost(Duration.ofSeconds(60)).until(() -> jobs.find(jobId).await().indefinitely()
                .map(JobRow::status).filter(s -> s == JobStatus.COMPLETED).isPresent());

        List<JobUpdate> updates = updatesOf(jobId, JobStatus.COMPLETED);
        assertThat(updates).extracting(JobUpdate::seq).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(updates.get(0).status()).isEqualTo(JobStatus.QUEUED);
        assertThat(updates.get(1).status()).isEqualTo(JobStatus.RUNNING);
        assertThat(updates).extracting(JobUpdate::phase).containsSubsequence(1, 2, 3, 4);
        assertThat(updates.get(updates.size() - 1).status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void aDuplicatedRequestMakesOneJob() {
        String jobId = "job-" + UUID.randomUUID();
        TrainingRequested request = request(jobId, Priority.HIGH);
        kafka.send(request, jobId, "same-ce-id-" + jobId);
        kafka.send(request, jobId, "same-ce-id-" + jobId);
        kafka.send(request, jobId); // same job, new message id: still one job

        await().atMost(Duration.ofSeconds(60)).until(() -> jobs.find(jobId).await().indefinitely()
                .map(JobRow::status).filter(JobStatus::terminal).isPresent());
        List<JobUpdate> updates = updatesOf(jobId, JobStatus.COMPLETED);
        assertThat(updates).filteredOn(u -> u.status() == JobStatus.QUEUED).hasSize(1);
        assertThat(updates).filteredOn(u -> u.status() == JobStatus.COMPLETED).hasSize(1);
    }

    @Test
    void aMalformedRequestGoesToTheDeadLetterTopicAndConsumingGoesOn() {
        String badKey = "bad-" + UUID.randomUUID();
        kafka.sendRaw(Topics.TRAINING_REQUESTS, badKey, EventCodec.toJson(request(badKey, Priority.LOW)).replace("\"datasetId\"", "\"datasetIdentifier\""),
                Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_type", "x", "ce_source", "/test"));
        String goodId = "job-" + UUID.randomUUID();
        kafka.send(request(goodId, Priority.LOW), goodId);

        List<ConsumerRecord<String, String>> dead = kafka.read(Topics.dlq(Topics.TRAINING_REQUESTS), Duration.ofSeconds(60),
                seen -> seen.stream().anyMatch(r -> badKey.equals(r.key())));
        ConsumerRecord<String, String> record = dead.stream().filter(r -> badKey.equals(r.key())).findFirst().orElseThrow();
        assertThat(KafkaTestClient.header(record, "dead-letter-reason")).contains("missing required field 'datasetId'");
        assertThat(KafkaTestClient.header(record, "dead-letter-topic")).isEqualTo(Topics.TRAINING_REQUESTS);

        await().atMost(Duration.ofSeconds(60)).until(() -> jobs.find(goodId).await().indefinitely().isPresent());
    }

    static List<JobUpdate> updatesOf(String jobId, JobStatus last) {
        return kafka.read(Topics.JOB_UPDATES, Duration.ofSeconds(30),
                        seen -> seen.stream().anyMatch(r -> jobId.equals(r.key()) && r.value().contains("\"" + last.wireName() + "\"")))
                .stream().filter(r -> jobId.equals(r.key()))
                .map(r -> EventCodec.fromJson(r.value(), JobUpdate.class))
                .sorted(java.util.Comparator.comparingLong(JobUpdate::seq))
                .toList();
    }
}
