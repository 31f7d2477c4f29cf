package io.thunderline.agent;

import io.thunderline.contracts.AdapterEvent;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.ModelType;
import io.thunderline.ml.online.AdapterDelta;
import io.thunderline.upm.wire.AdapterPayload;
import io.thunderline.upm.wire.Checksums;
import io.thunderline.upm.wire.Compression;
import io.thunderline.upm.wire.FamilyPrediction;
import io.thunderline.upm.wire.UpmFeatures;
import io.thunderline.upm.wire.WeightsDigest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AdapterApplierTest {
    static final ModelType F = ModelType.SENTIMENT_ANALYSIS;
    static final int DIMS = 1 << 10;
    static final int CLASSES = 4;
    static final List<String> LABELS = List.of("positive", "negative");

    final float[] v1 = weights(11, 0.05);
    final float[] v2 = changed(v1, 7);
    final float[] v3 = changed(v2, 13);

    /** Weights of DIMS x CLASSES with about {@code density} of them non-zero. */
    static float[] weights(long seed, double density) {
        java.util.Random r = new java.util.Random(seed);
        float[] w = new float[AdapterPayload.weightCount(DIMS, CLASSES)];
        for (int i = 0; i < w.length; i++) {
            if (r.nextDouble() < density) {
                w[i] = (float) r.nextGaussian();
            }
        }
        return w;
    }

    static float[] changed(float[] base, int seed) {
        float[] out = base.clone();
        for (int i = seed; i < out.length; i += 97) {
            out[i] += 0.25f;
        }
        return out;
    }

    static AdapterEvent event(AdapterPayload p) {
        byte[] wire = p.encode(Compression.ZSTD);
        return new AdapterEvent(Contracts.SCHEMA_VERSION, F, p.version(), p.kind().full() ? null : p.baseVersion(),
                Checksums.sha256(wire), AdapterPayload.encoding(Compression.ZSTD), Base64.getEncoder().encodeToString(wire),
                null, Instant.now());
    }

    AdapterEvent full(long version, float[] w) {
        return event(AdapterPayload.full(DIMS, CLASSES, version, Checksums.sha256(w), LABELS, w));
    }

    AdapterEvent delta(long version, long base, float[] from, float[] to) {
        return event(AdapterPayload.delta(DIMS, CLASSES, version, base, Checksums.sha256(to), WeightsDigest.of(to), LABELS,
                AdapterDelta.between(from, to)));
    }

    /** An adapter published by URL: the agent fetches the bytes and checks them against the event's checksum. */
    @Test
    void anAdapterSentByFetchUrlIsFetchedAndCheckedAgainstTheEventChecksum() throws Exception {
        AdapterEvent inline = full(1, v1);
        byte[] good = Base64.getDecoder().decode(inline.payload());
        byte[] tampered = good.clone();
        tampered[tampered.length / 2] ^= 1;
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/good", x -> {
            x.sendResponseHeaders(200, good.length);
            x.getResponseBody().write(good);
            x.close();
        });
        server.createContext("/tampered", x -> {
            x.sendResponseHeaders(200, tampered.length);
            x.getResponseBody().write(tampered);
            x.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            AdapterApplier applier = new AdapterApplier(false);
            FamilyModel model = new FamilyModel(F);

            AdapterApplier.Outcome refused = applier.apply(model, byUrl(inline, base + "/tampered"));
            assertThat(refused.applied()).isFalse();
            assertThat(refused.error()).startsWith("checksum mismatch for adapter version 1");
            assertThat(model.held().any()).isFalse();

            AdapterApplier.Outcome missing = applier.apply(model, byUrl(inline, base + "/nothing-here"));
            assertThat(missing.error()).startsWith("cannot fetch adapter version 1 from " + base + "/nothing-here: HTTP 404");

            assertThat(applier.apply(model, byUrl(inline, base + "/good")).applied()).isTrue();
            assertThat(model.held().version()).isEqualTo(1);
            assertThat(model.computeSha256()).hasValue(Checksums.sha256(v1));
        } finally {
            server.stop(0);
        }
    }

    static AdapterEvent byUrl(AdapterEvent e, String url) {
        return new AdapterEvent(e.schemaVersion(), e.family(), e.version(), e.baseVersion(), e.checksum(), e.encoding(),
                null, url, e.at());
    }

    @Test
    void aDeltaThatDoesNotLandOnItsTargetIsCaughtByTheDigestWithoutHashingTheModel() {
        FamilyModel model = new FamilyModel(F);
        AdapterApplier applier = new AdapterApplier(false);
        applier.apply(model, full(1, v1));
        // the delta says "from v1" but was computed from other weights (a service bug, a corrupted copy): applying it
        // to the real v1 does not give v3
        AdapterApplier.Outcome outcome = applier.apply(model, delta(3, 1, v2, v3));
        assertThat(outcome.applied()).isFalse();
        assertThat(outcome.error()).startsWith("weights of version 3 do not match their digest")
                .endsWith("dropped them and need the full weights");
        assertThat(model.held().any()).isFalse();
        assertThat(applier.apply(model, full(3, v3)).applied()).isTrue();
        assertThat(model.digest()).hasValue(WeightsDigest.of(v3));
    }

    @Test
    void fullThenDeltasInOrderGiveTheTargetWeights() {
        FamilyModel model = new FamilyModel(F);
        AdapterApplier applier = new AdapterApplier(true);
        assertThat(applier.apply(model, full(1, v1)).applied()).isTrue();
        assertThat(applier.apply(model, delta(2, 1, v1, v2)).applied()).isTrue();
        assertThat(applier.apply(model, delta(3, 2, v2, v3)).applied()).isTrue();
        assertThat(model.held().version()).isEqualTo(3);
        assertThat(model.computeSha256()).hasValue(Checksums.sha256(v3));
        // a rollback arrives as a delta from what agents hold back to the older weights
        assertThat(applier.apply(model, delta(1, 3, v3, v1)).applied()).isTrue();
        assertThat(model.held().version()).isEqualTo(1);
        assertThat(model.computeSha256()).hasValue(Checksums.sha256(v1));
    }

    @Test
    void aDeltaOnTheWrongBaseAsksForTheFullWeights() {
        FamilyModel model = new FamilyModel(F);
        AdapterApplier applier = new AdapterApplier(false);
        AdapterApplier.Outcome none = applier.apply(model, delta(2, 1, v1, v2));
        assertThat(none.applied()).isFalse();
        assertThat(none.error()).isEqualTo("missing base version 1 (holding nothing)");
        applier.apply(model, full(1, v1));
        AdapterApplier.Outcome skipped = applier.apply(model, delta(3, 2, v2, v3));
        assertThat(skipped.error()).isEqualTo("missing base version 2 (holding version 1)");
        assertThat(model.held().version()).isEqualTo(1);
        assertThat(model.computeSha256()).hasValue(Checksums.sha256(v1));
    }

    @Test
    void aBadChecksumIsRefusedAndChangesNothing() {
        FamilyModel model = new FamilyModel(F);
        AdapterApplier applier = new AdapterApplier(false);
        applier.apply(model, full(1, v1));
        AdapterEvent good = full(2, v2);
        AdapterEvent bad = new AdapterEvent(good.schemaVersion(), F, 2, null, "ab".repeat(32), good.encoding(), good.payload(),
                null, good.at());
        AdapterApplier.Outcome outcome = applier.apply(model, bad);
        assertThat(outcome.applied()).isFalse();
        assertThat(outcome.error()).startsWith("checksum mismatch for adapter version 2: expected abab");
        assertThat(model.held().version()).isEqualTo(1);

        AdapterEvent notBase64 = new AdapterEvent(good.schemaVersion(), F, 2, null, good.checksum(), good.encoding(), "@@@",
                null, good.at());
        assertThat(applier.apply(model, notBase64).error()).contains("not base64");
        assertThat(model.computeSha256()).hasValue(Checksums.sha256(v1));
    }

    @Test
    void theSameVersionAgainIsAcknowledgedWithoutWork() {
        FamilyModel model = new FamilyModel(F);
        AdapterApplier applier = new AdapterApplier(false);
        assertThat(applier.apply(model, full(1, v1)).kind()).isNotNull();
        AdapterApplier.Outcome again = applier.apply(model, full(1, v1));
        assertThat(again.applied()).isTrue();
        assertThat(again.kind()).isNull();
    }

    @Test
    void predictionsNameKnownLabelsOnly() {
        FamilyModel model = new FamilyModel(F);
        assertThat(model.predict(UpmFeatures.featurize("anything"))).isEmpty();
        new AdapterApplier(false).apply(model, full(1, new float[AdapterPayload.weightCount(DIMS, CLASSES)]));
        FamilyPrediction p = model.predict(new io.thunderline.ml.text.SparseVector(new int[]{1}, new float[]{1f})).orElseThrow();
        assertThat(p.probabilities()).containsOnlyKeys("positive", "negative");
        assertThat(p.label()).isEqualTo("positive");
        assertThat(p.version()).isEqualTo(1);
    }

    /**
     * upm-service sends the weights of the classes seen: a model that learns a third label grows by a class row, and
     * its next adapter is a full one of the new shape (a delta only ever goes between equal shapes), which the agent
     * installs in place of what it held; it then predicts exactly as the trainer does.
     */
    @Test
    void aModelThatGrowsAClassArrivesAsAFullAdapterOfTheNewShape() {
        int dims = UpmFeatures.SPEC.hashDims();
        io.thunderline.ml.online.OnlineSoftmax trainer = new io.thunderline.ml.online.OnlineSoftmax(dims, 16, 0.5);
        List<String> three = List.of("positive", "negative", "neutral");
        String[] texts = {"a lovely day", "an awful meal", "the bus came at noon", "great fun", "dreadful service"};
        java.util.function.IntFunction<List<io.thunderline.ml.online.LabeledSparse>> window = labels -> {
            List<io.thunderline.ml.online.LabeledSparse> out = new java.util.ArrayList<>();
            for (int i = 0; i < texts.length; i++) {
                out.add(new io.thunderline.ml.online.LabeledSparse(UpmFeatures.featurize(texts[i]), i % labels));
            }
            return out;
        };
        trainer.update(window.apply(2));
        float[] two = trainer.snapshotWeights();
        assertThat(two).hasSize(AdapterPayload.weightCount(dims, 2));
        FamilyModel model = new FamilyModel(F);
        AdapterApplier applier = new AdapterApplier(true);
        assertThat(applier.apply(model, event(AdapterPayload.full(dims, trainer.storedClasses(), 1, Checksums.sha256(two),
                three.subList(0, 2), two))).applied()).isTrue();
        assertThat(model.held().classes()).isEqualTo(2);

        trainer.update(window.apply(3));
        float[] grown = trainer.snapshotWeights();
        assertThat(trainer.storedClasses()).isEqualTo(3);
        // a delta between the shapes is refused, with the reason
        AdapterDelta across = AdapterDelta.between(new float[grown.length], grown);
        AdapterApplier.Outcome refused = applier.apply(model, event(AdapterPayload.delta(dims, 3, 2, 1,
                Checksums.sha256(grown), WeightsDigest.of(grown), three, across)));
        assertThat(refused.applied()).isFalse();
        assertThat(refused.error()).contains("is for " + dims + "x3 weights, held model is " + dims + "x2");
        AdapterApplier.Outcome installed = applier.apply(model, event(AdapterPayload.full(dims, 3, 2,
                Checksums.sha256(grown), three, grown)));
        assertThat(installed.applied()).isTrue();
        assertThat(model.held().classes()).isEqualTo(3);
        assertThat(model.computeSha256()).contains(Checksums.sha256(grown));
        for (String text : List.of("what a lovely meal", "the train came at nine", "")) {
            io.thunderline.ml.text.SparseVector x = UpmFeatures.featurize(text);
            FamilyPrediction p = model.predict(x).orElseThrow();
            double[] expected = trainer.predictProba(x, 3);
            for (int k = 0; k < 3; k++) {
                assertThat(p.probabilities().get(three.get(k))).isEqualTo(expected[k]);
            }
        }
    }
}
