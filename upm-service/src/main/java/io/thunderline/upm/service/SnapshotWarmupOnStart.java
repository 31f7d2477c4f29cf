package io.thunderline.upm.service;

import io.quarkus.runtime.StartupEvent;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.SnapshotMode;
import io.thunderline.contracts.SnapshotStatus;
import io.thunderline.ml.online.OnlineSoftmax;
import io.thunderline.upm.config.UpmConfig;
import io.thunderline.upm.wire.CodecWarmup;
import io.thunderline.upm.wire.UpmFeatures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;

/**
 * At start, before the first window arrives, so the first snapshot after a start is not the slow one: stores and reads
 * back a tiny model, encodes tiny adapters ({@link CodecWarmup}) and the events a snapshot writes; then rehearses a
 * snapshot's in-memory work at the size of a real family ({@link SnapshotRehearsal}) and its database work in a
 * transaction that is rolled back ({@link TransactionRehearsal}). Without them the first snapshot ran SHA-256 and the
 * digests over 2 MiB of weights while the JIT was still compiling them, built Jackson's serializer of its metrics map
 * and loaded its statements' client code (docs/benchmarks-upm.md, 2026-12-08). Costs at most
 * {@link CodecWarmup#BUDGET} plus {@link #FULL_SIZE_BUDGET} plus one rolled-back transaction.
 */
@ApplicationScoped
public class SnapshotWarmupOnStart {
    private static final Logger LOG = Logger.getLogger(SnapshotWarmupOnStart.class);
    /** Passes over a full-size model: enough for the loops over the weights to be compiled before the first window. */
    static final int FULL_SIZE_PASSES = 12;
    static final Duration FULL_SIZE_BUDGET = Duration.ofMillis(1500);

    private final ModelStore store;
    private final AdapterSync adapters;
    private final UpmConfig config;
    private final TransactionRehearsal transactions;

    public SnapshotWarmupOnStart(ModelStore store, AdapterSync adapters, UpmConfig config, TransactionRehearsal transactions) {
        this.store = store;
        this.adapters = adapters;
        this.config = config;
        this.transactions = transactions;
    }

    void warm(@Observes StartupEvent event) {
        try {
            // the samples are the adapters' encoding; here: the snapshot file and the events a snapshot writes
            Duration took = CodecWarmup.once(CodecWarmup.ROUNDS, CodecWarmup.BUDGET, samples -> {
                OnlineSoftmax tiny = new OnlineSoftmax(samples.get(0).full().dims(), 2, 0.1);
                ModelStore.Stored stored = store.encode(tiny);
                ModelStore.decode(stored.encoding(), stored.bytes());
                for (CodecWarmup.Sample sample : samples) {
                    // their first encoding builds Jackson's serializers
                    EventCodec.toJson(sample.fullEvent());
                    EventCodec.toJson(SnapshotEvents.event(ModelType.SENTIMENT_ANALYSIS, sample.full().version(),
                            sample.full().weightsSha256(), 1, Map.of("examples", 1.0), SnapshotStatus.CREATED,
                            SnapshotMode.SHADOW));
                }
            });
            if (config.snapshots().rehearseAtStart()) {
                SnapshotRehearsal.Result rehearsed = SnapshotRehearsal.run(UpmFeatures.WINDOW_SPEC.hashDims(),
                        config.trainer().labelCapacity(), config.trainer().learningRate(), FULL_SIZE_PASSES,
                        FULL_SIZE_BUDGET, store::encode, adapters::prepare);
                long t0 = System.nanoTime();
                boolean stored = transactions.run();
                LOG.infof("snapshot and adapter codecs warmed up in %d ms; %d full-size snapshots rehearsed in %d ms; "
                                + "their transactions %s", took.toMillis(), rehearsed.passes(), rehearsed.took().toMillis(),
                        stored ? "rehearsed and rolled back in " + (System.nanoTime() - t0) / 1_000_000 + " ms"
                                : "not rehearsed (" + TransactionRehearsal.FAMILY.wireName() + " has a row)");
            } else {
                LOG.debugf("snapshot and adapter codecs warmed up in %d ms", took.toMillis());
            }
        } catch (LinkageError e) {
            // zstd's native library: every snapshot and adapter compressed with zstd would fail the same way
            LOG.errorf("zstd compression cannot load its native library (%s): snapshots and adapters compressed with "
                    + "zstd will fail. Provide glibc's libpthread.so.0 and libc.so.6, or set "
                    + "THUNDERLINE_UPM_SNAPSHOTS_COMPRESSION=gzip and THUNDERLINE_UPM_ADAPTERS_COMPRESSION=gzip", e.toString());
        } catch (RuntimeException e) {
            // the first real snapshot says what is wrong, with its family and version
            LOG.warnf("snapshot and adapter codec warm-up failed: %s", e.toString());
        }
    }
}
