package io.thunderline.contracts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {
    static final Instant AT = Instant.parse("2026-11-25T10:15:30.123Z");
    static final int V = Contracts.SCHEMA_VERSION;

    static Stream<Record> samples() {
        return Stream.of(
                new TrainingRequested(V, "job-1", "ds-1", 2, ModelType.SENTIMENT_ANALYSIS, Priority.HIGH, true, true,
                        "I love this product! -> positive", "alice", AT),
                new JobUpdate(V, "job-1", 7, JobStatus.RUNNING, 2, JobUpdate.phaseName(2), 3, 5,
                        Map.of("loss", 0.45, "accuracy", 0.82), Map.of("architecture", "3 levels"), null, AT),
                new JobUpdate(V, "job-1", 0, JobStatus.QUEUED, null, null, null, null, null, null, "queued", AT,
                        new TrainingRequested(V, "job-1", "ds-1", 2, ModelType.TEXT_CLASSIFICATION, Priority.HIGH, true,
                                true, "great film", "alice", AT), null),
                new JobUpdate(V, "job-1", 9, JobStatus.COMPLETED, 4, JobUpdate.phaseName(4), null, null,
                        Map.of("accuracy", 0.9), null, null, AT, null, "http://trainer:8082/models/job-1/file"),
                new JobLog(V, "job-1", 3, "INFO", "trial 3 epoch 5: val_f1=0.81", AT),
                new FeatureWindow(V, "w-1", ModelType.TEXT_CLASSIFICATION,
                        new FeatureWindow.FeatureSpecBody(1 << 18, 2, 3, 5),
                        List.of(new FeatureWindow.FeatureRow(new int[]{1, 17, 900}, new float[]{0.5f, 0.25f, 0.8f}, "positive")),
                        "job-1", AT),
                new SnapshotEvent(V, "snap-1", ModelType.TEXT_CLASSIFICATION, 3, "ff00", 10,
                        Map.of("holdout_accuracy", 0.9), SnapshotStatus.ACTIVATED, SnapshotMode.ACTIVE, AT),
                new AdapterEvent(V, ModelType.TEXT_CLASSIFICATION, 4, 3L, "0a0b", "delta-gzip-base64", "H4sI", null, AT),
                new AdapterEvent(V, ModelType.TEXT_CLASSIFICATION, 5, 4L, "0a0c", "delta-gzip-base64", "H4sJ", null, AT,
                        List.of("agent-1", "agent-7")),
                AdapterEvent.retireCanary(ModelType.TEXT_CLASSIFICATION, 4, AT),
                new AdapterAck(V, "agent-1", ModelType.TEXT_CLASSIFICATION, 4, true, null, AT),
                new DriftReport(V, ModelType.TEXT_CLASSIFICATION, 4, 0.12, 0.05, 500, DriftVerdict.OK, AT),
                new UpmStatus(V, 2, 5, 0.12, 3, 3, true, AT),
                new TrackingRun(V, "job-1", "12", "abc", "http://127.0.0.1:5000/#/experiments/12/runs/abc", "RUNNING", AT));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyEventRoundTrips(Record event) {
        String json = EventCodec.toJson(event);
        assertThat(json).contains("\"schemaVersion\":" + V);
        assertThat(EventCodec.fromJson(json, event.getClass())).isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyEventHasACloudEventTypeOnItsTopic(Record event) {
        EventType type = EventType.of(event);
        assertThat(type.bodyType()).isEqualTo(event.getClass());
        assertThat(Topics.ALL).contains(type.topic());
        assertThat(EventType.ofCeType(type.ceType())).contains(type);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void aBodyMissingAnyRequiredFieldIsRefusedNamingThatField(Record event) throws Exception {
        ObjectNode full = (ObjectNode) EventCodec.mapper().readTree(EventCodec.toJson(event));
        List<String> names = new ArrayList<>();
        full.fieldNames().forEachRemaining(names::add);
        int refused = 0;
        for (String field : names) {
            ObjectNode without = full.deepCopy();
            without.remove(field);
            try {
                EventCodec.fromJson(without.toString(), event.getClass());
            } catch (InvalidEventException e) {
                refused++;
                assertThat(e.getMessage()).as("message for missing " + field).contains(field);
            }
        }
        // schemaVersion, an id and the timestamp are required on every body
        assertThat(refused).isGreaterThanOrEqualTo(3);
    }

    @Test
    void missingJobIdIsNamed() {
        String json = EventCodec.toJson(samples().findFirst().orElseThrow()).replace("\"jobId\":\"job-1\",", "");
        assertThatThrownBy(() -> EventCodec.fromJson(json, TrainingRequested.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("missing required field 'jobId'");
    }

    @Test
    void missingSchemaVersionIsNamed() {
        String json = EventCodec.toJson(new JobLog(V, "j", 1, "INFO", "x", AT)).replace("\"schemaVersion\":1,", "");
        assertThatThrownBy(() -> EventCodec.fromJson(json, JobLog.class))
                .hasMessageContaining("schemaVersion");
    }

    @Test
    void aNewerSchemaVersionIsRefusedWithAdvice() {
        String json = EventCodec.toJson(new JobLog(V, "j", 1, "INFO", "x", AT)).replace("\"schemaVersion\":1", "\"schemaVersion\":99");
        assertThatThrownBy(() -> EventCodec.fromJson(json, JobLog.class))
                .hasMessageContaining("upgrade the consumer");
    }

    @Test
    void unknownEnumValueListsTheAcceptedOnes() {
        String json = EventCodec.toJson(samples().findFirst().orElseThrow()).replace("\"high\"", "\"urgent\"");
        assertThatThrownBy(() -> EventCodec.fromJson(json, TrainingRequested.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("priority")
                .hasMessageContaining("low, normal, high");
    }

    @Test
    void malformedJsonIsAnInvalidEvent() {
        assertThatThrownBy(() -> EventCodec.fromJson("{not json", JobUpdate.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("JobUpdate: not valid JSON");
        assertThatThrownBy(() -> EventCodec.fromJson("", JobUpdate.class))
                .hasMessageContaining("empty body");
    }

    @Test
    void aJobUpdateCarriesItsOwnRequestAndOnlyACompletedOneAModelUrl() {
        TrainingRequested other = new TrainingRequested(V, "job-2", "ds-1", 1, ModelType.TEXT_CLASSIFICATION,
                Priority.NORMAL, false, true, "x", "bob", AT);
        assertThatThrownBy(() -> new JobUpdate(V, "job-1", 0, JobStatus.QUEUED, null, null, null, null, null, null,
                null, AT, other, null)).hasMessageContaining("request.jobId");
        assertThatThrownBy(() -> new JobUpdate(V, "job-1", 3, JobStatus.RUNNING, 2, null, null, null, null, null,
                null, AT, null, "http://x/models/job-1/file")).hasMessageContaining("modelUrl");
    }

    @Test
    void featureIndicesOutsideTheHashSpaceAreRefused() {
        assertThatThrownBy(() -> new FeatureWindow(V, "w", ModelType.GENERAL_CHAT, new FeatureWindow.FeatureSpecBody(8, 1, 3, 5),
                List.of(new FeatureWindow.FeatureRow(new int[]{9}, new float[]{1f}, "x")), null, AT))
                .hasMessageContaining("rows[0].indices").hasMessageContaining("hashDims 8");
    }

    @Test
    void promptPreviewIsCutToOneHundredCharacters() {
        var request = new TrainingRequested(V, "j", "d", 1, ModelType.GENERAL_CHAT, Priority.LOW, false, false,
                "x".repeat(500), "bob", AT);
        assertThat(request.promptPreview()).hasSize(Contracts.PROMPT_PREVIEW_MAX).endsWith("…");
    }

    @Test
    void everyTopicHasADeadLetterTwin() {
        assertThat(Topics.allWithDeadLetters()).hasSize(Topics.ALL.size() * 2).contains("training.requests.dlq");
        Iterator<String> it = Topics.allWithDeadLetters().iterator();
        while (it.hasNext()) {
            String topic = it.next();
            assertThat(it.next()).isEqualTo(topic + ".dlq");
        }
    }

    @Test
    void aCanaryHasItsOwnKeyAndNamesWhoAppliesIt() {
        AdapterEvent all = new AdapterEvent(V, ModelType.SENTIMENT_ANALYSIS, 4, 3L, "0a0b", "e", "p", null, AT);
        AdapterEvent canary = new AdapterEvent(V, ModelType.SENTIMENT_ANALYSIS, 5, 4L, "0a0b", "e", "p", null, AT,
                List.of("agent-1"));
        AdapterEvent retired = AdapterEvent.retireCanary(ModelType.SENTIMENT_ANALYSIS, 4, AT);
        assertThat(all.key()).isEqualTo("sentiment_analysis");
        assertThat(canary.key()).isEqualTo("sentiment_analysis#canary");
        assertThat(retired.key()).isEqualTo(canary.key());
        assertThat(all.addressedTo("agent-2")).isTrue();
        assertThat(canary.addressedTo("agent-1")).isTrue();
        assertThat(canary.addressedTo("agent-2")).isFalse();
        assertThat(retired.addressedTo("agent-1")).isFalse();
        assertThat(AdapterEvent.familyOfKey("sentiment_analysis#canary")).contains(ModelType.SENTIMENT_ANALYSIS);
        assertThat(AdapterEvent.familyOfKey("sentiment_analysis")).contains(ModelType.SENTIMENT_ANALYSIS);
        assertThat(AdapterEvent.familyOfKey("nonsense#canary")).isEmpty();
        assertThatThrownBy(() -> new AdapterEvent(V, ModelType.SENTIMENT_ANALYSIS, 5, null, null, null, null, null, AT,
                List.of("agent-1"))).hasMessageContaining("checksum");
    }
}
