package io.thunderline.support;

import io.smallrye.reactive.messaging.ce.impl.DefaultIncomingCloudEventMetadata;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.JobUpdate;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DecodedBatchTest {

    static Message<String> record(String ceId, String body) {
        if (ceId == null) {
            return Message.of(body);
        }
        return Message.of(body, Metadata.of(new DefaultIncomingCloudEventMetadata<>("1.0", ceId, URI.create("/test"),
                "thunderline.job.updated", "application/json", null, null, null, Map.of(), null)));
    }

    static String update(long seq) {
        return EventCodec.toJson(new JobUpdate(Contracts.SCHEMA_VERSION, "job-1", seq, JobStatus.RUNNING, null, null,
                null, null, Map.of(), Map.of(), null, Instant.parse("2026-11-25T10:00:00Z")));
    }

    @Test
    void validEventsKeepRecordOrderAndTheFirstOfEachIdInsideTheBatch() {
        DecodedBatch<JobUpdate> batch = DecodedBatch.of(List.of(
                record("a", update(0)), record("b", update(1)), record("a", update(0)), record("c", update(2)),
                record("b", update(1))), JobUpdate.class, "ui-1:");

        assertThat(batch.unique()).extracting(DecodedBatch.Decoded::id).containsExactly("ui-1:a", "ui-1:b", "ui-1:c");
        assertThat(batch.unique()).extracting(d -> d.event().seq()).containsExactly(0L, 1L, 2L);
        assertThat(batch.repeated()).isEqualTo(2);
        assertThat(batch.invalid()).isEmpty();
    }

    @Test
    void recordsThatAreNotValidEventsAreSetAsideWithTheirErrorAndDoNotStopTheRest() {
        Message<String> broken = record("x", "{\"schemaVersion\":1, \"broken\": ");
        Message<String> noId = record(null, update(5));
        Message<String> missingField = record("y", "{\"schemaVersion\":1,\"seq\":3,\"status\":\"running\",\"at\":\"2026-11-25T10:00:00Z\"}");
        DecodedBatch<JobUpdate> batch = DecodedBatch.of(List.of(broken, record("a", update(0)), noId, missingField,
                record("b", update(1))), JobUpdate.class, "");

        assertThat(batch.unique()).extracting(DecodedBatch.Decoded::id).containsExactly("a", "b");
        assertThat(batch.invalid()).extracting(DecodedBatch.Refused::message).containsExactly(broken, noId, missingField);
        assertThat(batch.invalid().get(0).error().getMessage()).contains("not valid JSON");
        assertThat(batch.invalid().get(1).error().getMessage()).contains("ce_id");
        assertThat(batch.invalid().get(2).error().getMessage()).contains("jobId");
    }
}
