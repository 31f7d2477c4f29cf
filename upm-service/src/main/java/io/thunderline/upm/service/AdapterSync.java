package io.thunderline.upm.service;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.AdapterAck;
import io.thunderline.contracts.AdapterEvent;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.SnapshotMode;
import io.thunderline.ml.online.AdapterDelta;
import io.thunderline.support.Outbox;
import io.thunderline.upm.config.UpmConfig;
import io.thunderline.upm.domain.AdapterRow;
import io.thunderline.upm.repository.AdapterRepository;
import io.thunderline.upm.repository.SnapshotRepository;
import io.thunderline.upm.wire.AdapterPayload;
import io.thunderline.upm.wire.Checksums;
import io.thunderline.upm.wire.Compression;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import static io.thunderline.upm.service.TrainerWorker.await;

/**
 * Publishes what agents should hold to the compacted upm.adapters (key = family), through the outbox in the same
 * transaction as the activation: the sparse delta from the version agents hold (the one active until now) or the
 * full weights, whichever is smaller uncompressed; the payload is compressed and its SHA-256 is the event checksum.
 * A compressed payload over {@code thunderline.upm.adapters.inline-max-bytes} is kept with the adapter's row and the
 * event carries its fetch URL instead (agents fetch it and check the checksum), so no outbox row carries a whole model.
 *
 * <p>When an agent refuses an adapter (it missed the delta's base version — typically a new agent that found only the
 * latest delta on the compacted topic — or the bytes failed their checksum), the full weights of the active version
 * are published again, so the topic's latest record is always one any agent can apply. Resends are rate-limited per
 * family and skipped when the latest record already is that full copy.
 */
@ApplicationScoped
public class AdapterSync {
    private static final Logger LOG = Logger.getLogger(AdapterSync.class);
    private static final long RESEND_GAP_NANOS = 2_000_000_000L;

    private final Pool pool;
    private final SnapshotRepository snapshots;
    private final AdapterRepository adapters;
    private final Outbox outbox;
    private final SnapshotEvents events;
    private final Compression compression;
    private final int inlineMaxBytes;
    private final String publicBaseUrl;
    private final Map<ModelType, Long> lastResendNanos = new ConcurrentHashMap<>();

    public AdapterSync(Pool pool, SnapshotRepository snapshots, AdapterRepository adapters, Outbox outbox,
                       SnapshotEvents events, UpmConfig config) {
        this.pool = pool;
        this.snapshots = snapshots;
        this.adapters = adapters;
        this.outbox = outbox;
        this.events = events;
        this.compression = Compression.fromWire(config.adapters().compression());
        this.inlineMaxBytes = config.adapters().inlineMaxBytes();
        this.publicBaseUrl = config.adapters().publicBaseUrl().replaceAll("/+$", "");
    }

    /**
     * An adapter ready to publish, with the time it took to build (logged with its activation); {@code fetched} holds
     * the compressed bytes when the event names a fetch URL instead of carrying them (null when inline).
     */
    record Prepared(AdapterEvent event, AdapterPayload.Kind kind, int payloadBytes, int changedWeights, long buildMillis,
                    byte[] fetched) {
    }

    /**
     * The adapter that takes agents holding {@code base} (none: full weights) to {@code target}: the delta when it is
     * smaller than the full weights (counted without building them), else the full weights.
     */
    Prepared prepare(ActiveModel target, ActiveModel base) {
        return prepare(target, base, null);
    }

    /** As above, addressed to {@code targets} only (a canary) when not null. */
    Prepared prepare(ActiveModel target, ActiveModel base, List<String> targets) {
        long t0 = System.nanoTime();
        float[] weights = target.weights();
        AdapterPayload payload = null;
        if (base != null && base.version() != target.version() && base.sameShape(target)) {
            AdapterDelta delta = AdapterDelta.between(base.weights(), weights);
            if (delta.byteSize() < AdapterPayload.fullDataBytes(target.nonZero(), weights.length)) {
                payload = AdapterPayload.delta(target.dims(), target.classes(), target.version(), base.version(),
                        target.checksum(), target.digest(), target.labels(), delta);
            }
        }
        if (payload == null) {
            payload = AdapterPayload.full(target.dims(), target.classes(), target.version(), target.checksum(),
                    target.digest(), target.labels(), weights);
        }
        byte[] wire = payload.encode(compression);
        String checksum = Checksums.sha256(wire);
        boolean inline = wire.length <= inlineMaxBytes;
        AdapterEvent event = new AdapterEvent(Contracts.SCHEMA_VERSION, target.family(), target.version(),
                payload.kind().full() ? null : payload.baseVersion(), checksum, AdapterPayload.encoding(compression),
                inline ? Base64.getEncoder().encodeToString(wire) : null,
                inline ? null : fetchUrl(target.family(), target.version(), checksum), Instant.now(), targets);
        int changed = payload.kind() == AdapterPayload.Kind.FULL_DENSE ? weights.length : payload.delta().size();
        return new Prepared(event, payload.kind(), wire.length, changed, (System.nanoTime() - t0) / 1_000_000,
                inline ? null : wire);
    }

    /** Where agents fetch an adapter's bytes (the checksum names exactly those bytes among the version's adapters). */
    String fetchUrl(ModelType family, long version, String checksum) {
        return publicBaseUrl + "/upm/adapters/" + family.wireName() + "/" + version + "/payload?checksum=" + checksum;
    }

    Uni<Void> publish(SqlClient tx, Prepared p, String reason) {
        AdapterEvent e = p.event();
        return adapters.insert(tx, new AdapterRepository.NewAdapter(e.family(), e.version(), e.baseVersion(),
                        p.kind().name().toLowerCase(), e.checksum(), e.encoding(), p.payloadBytes(), p.changedWeights(),
                        reason, e.targets(), p.fetched()))
                .flatMap(v -> outbox.append(tx, e, e.key()))
                .replaceWithVoid();
    }

    /** Retires the family's canary record on the compacted topic, so no agent applies it again (e.g. on a restart). */
    private Uni<Void> retireCanary(SqlClient tx, ModelType family, long activeVersion) {
        AdapterEvent retire = AdapterEvent.retireCanary(family, activeVersion, Instant.now());
        return outbox.append(tx, retire, retire.key()).replaceWithVoid();
    }

    /**
     * Makes {@code target} the family's served snapshot and publishes its adapter, in one transaction with
     * {@code alsoInTx} (e.g. a rollback's status changes).
     */
    void activate(FamilyState s, ActiveModel target, String reason, Function<SqlClient, Uni<Void>> alsoInTx) {
        activate(s, target, prepare(target, s.active()), reason, alsoInTx);
    }

    /** As above with the adapter built already by {@link #prepare(ActiveModel, ActiveModel)} from the active version. */
    void activate(FamilyState s, ActiveModel target, Prepared prepared, String reason,
                  Function<SqlClient, Uni<Void>> alsoInTx) {
        long t1 = System.nanoTime();
        await(pool.withTransaction(tx -> alsoInTx.apply(tx)
                .flatMap(v -> activation(tx, s.family(), target.version(), prepared, reason, s.canary() != null))));
        LOG.infof("%s: v%d active (%s); adapter %s%s, %d bytes, %d weights (prepared in %d ms, committed in %d ms)",
                s.family().wireName(), target.version(), reason, prepared.kind().name().toLowerCase(),
                prepared.event().baseVersion() == null ? "" : " from v" + prepared.event().baseVersion(),
                prepared.payloadBytes(), prepared.changedWeights(), prepared.buildMillis(), (System.nanoTime() - t1) / 1_000_000);
    }

    /**
     * In {@code tx}: makes the stored snapshot {@code version} the family's served one, publishes its adapter, retires
     * the family's canary record if it has one, and appends the snapshot's upm.snapshots event (active).
     */
    Uni<Void> activation(SqlClient tx, ModelType family, long version, Prepared prepared, String reason,
                         boolean canaryToRetire) {
        return snapshots.activate(tx, family, version)
                .flatMap(v -> publish(tx, prepared, reason))
                .flatMap(v -> canaryToRetire ? retireCanary(tx, family, version) : Uni.createFrom().voidItem())
                .flatMap(v -> events.stored(tx, family, version, SnapshotMode.ACTIVE));
    }

    /**
     * Serves {@code target} to {@code agents} only: a delta from the active version (what they hold) on the family's
     * canary key; everybody else keeps the active version. Replaces a canary served before.
     */
    void startCanary(FamilyState s, ActiveModel target, List<String> agents) {
        Prepared prepared = prepare(target, s.active(), agents);
        String reason = "canary to " + String.join(", ", agents);
        await(pool.withTransaction(tx -> snapshots.startCanary(tx, s.family(), target.version(), agents)
                .flatMap(v -> publish(tx, prepared, reason.length() > 500 ? reason.substring(0, 500) : reason))
                .flatMap(v -> events.stored(tx, s.family(), target.version(), SnapshotMode.CANARY))));
        LOG.infof("%s: v%d served as a canary to %s (adapter %s, %d bytes)", s.family().wireName(), target.version(), agents,
                prepared.kind().name().toLowerCase(), prepared.payloadBytes());
    }

    /**
     * Calls the canary off: its agents get the active version's full weights (on the family key: the others hold it
     * already and acknowledge without work) and the canary record is retired.
     */
    void abortCanary(FamilyState s) {
        ActiveModel canary = s.canary();
        ActiveModel active = s.active();
        Prepared prepared = prepare(active, null);
        await(pool.withTransaction(tx -> snapshots.endCanary(tx, s.family())
                .flatMap(v -> publish(tx, prepared, "canary v" + canary.version() + " called off"))
                .flatMap(v -> retireCanary(tx, s.family(), active.version()))
                .flatMap(v -> events.stored(tx, s.family(), canary.version(), SnapshotMode.SHADOW))));
        LOG.infof("%s: canary v%d called off; its agents go back to v%d", s.family().wireName(), canary.version(),
                active.version());
    }

    /** An agent refused an adapter: publish the active version's full weights again unless that would not help. */
    void resendFull(FamilyState s, AdapterAck ack) {
        ActiveModel canary = s.canary();
        if (canary != null && ack.version() == canary.version() && s.canaryAgents().contains(ack.agentId())) {
            resendCanary(s, ack);
            return;
        }
        ActiveModel active = s.active();
        if (active == null || tooSoon(s.family())) {
            return;
        }
        Optional<AdapterRow> latest = await(adapters.latest(s.family()));
        boolean latestIsFullActive = latest.isPresent() && latest.get().version() == active.version()
                && latest.get().baseVersion() == null;
        if (latestIsFullActive && ack.version() == active.version()) {
            // it refused the very full copy we would send again: resending cannot help (its error is on record)
            return;
        }
        Prepared prepared = prepare(active, null);
        String reason = "resend to " + ack.agentId() + ": " + ack.error();
        await(pool.withTransaction(tx -> publish(tx, prepared, reason.length() > 500 ? reason.substring(0, 500) : reason)));
        lastResendNanos.put(s.family(), System.nanoTime());
        LOG.infof("%s: full v%d published again because %s refused v%d: %s", s.family().wireName(), active.version(),
                ack.agentId(), ack.version(), ack.error());
    }

    /** A canary agent refused the canary (it did not hold the active version the delta starts from): the full copy. */
    private void resendCanary(FamilyState s, AdapterAck ack) {
        if (tooSoon(s.family())) {
            return;
        }
        Prepared prepared = prepare(s.canary(), null, s.canaryAgents());
        await(pool.withTransaction(tx -> publish(tx, prepared, "canary resend to " + ack.agentId())));
        lastResendNanos.put(s.family(), System.nanoTime());
        LOG.infof("%s: canary v%d published again in full because %s refused it: %s", s.family().wireName(),
                s.canary().version(), ack.agentId(), ack.error());
    }

    /** Resends are rate-limited per family (a fleet refusing at once gets one full copy, not one each). */
    private boolean tooSoon(ModelType family) {
        Long last = lastResendNanos.get(family);
        return last != null && System.nanoTime() - last < RESEND_GAP_NANOS;
    }
}
