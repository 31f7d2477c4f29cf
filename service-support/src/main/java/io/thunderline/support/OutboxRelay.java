package io.thunderline.support;

import io.opentelemetry.context.Context;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.thunderline.contracts.EventType;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes committed outbox rows in order, pipelined: it sends a batch while earlier ones wait for Kafka's
 * acknowledgements (up to {@link #WINDOW} events in flight, in batches of at most a quarter of that), reads the next
 * batch while it sends one, and deletes rows as their acks come in, never before. A delete costs a fraction of marking
 * a row published (no new row version, no index entries); Kafka keeps what was published. Kafka's producer keeps the
 * send order per partition (idempotent, at most 5 requests in flight), and a key always maps to one partition, so a
 * key's events arrive in outbox order.
 *
 * <p>One relay per schema at a time: the relay that publishes holds a session advisory lock on a connection of its
 * own while it has rows to send or acks to wait for, and gives connection and lock back when the outbox is drained,
 * so several instances of a service never reorder a key's events.
 *
 * <p>A failed send (Kafka gave up after its own retries) stops the reading: nothing newer goes out, the sends still in
 * flight settle, the acknowledged ones are deleted, and the relay starts again from the oldest unpublished row, so the
 * failed event goes out again before anything written after it. A crash re-sends rather than loses (rows are deleted
 * only after their ack): consumers drop the duplicate by its CloudEvent id.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    static final long MAX_RETRY_DELAY_MILLIS = 5_000;
    /**
     * Events sent and not yet acknowledged, at most: under the Kafka connector's max-inflight-messages (4096, set in
     * service-support's microprofile-config.properties), beyond
     * which the emitter would have to buffer them (its buffer is small, and a full one fails the send).
     */
    static final int WINDOW = 4000;
    /**
     * Deleting statements at a time: a second one, on another connection, lets PostgreSQL use a second core while the
     * first runs, so the deletes keep up with the acks.
     */
    static final int DELETERS = 2;

    private final Pool pool;
    private final MutinyEmitter<String> events;
    private final ServiceIdentity identity;
    private volatile boolean wake;
    private volatile boolean stopped;
    /** Numbers the waits between rounds, so a commit that starts a round early cancels that wait's timer round. */
    private final AtomicLong waitNumber = new AtomicLong();
    private final AtomicBoolean waiting = new AtomicBoolean();
    private Vertx vertx;

    /** The connection holding the relay's advisory lock while it publishes; null when it does not. */
    private SqlConnection leader;
    /** The highest seq sent since this relay took the lock (or since a failed send); -1: start at the oldest. */
    private long cursor = -1;
    /** The next batch, read while the last one was being sent; null when none was read ahead. */
    private Uni<RowSet<Row>> readAhead;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean failed = new AtomicBoolean();
    private final Queue<Long> acked = new ConcurrentLinkedQueue<>();
    /** Deleting statements in flight (at most {@link #DELETERS}). */
    private final AtomicInteger deleting = new AtomicInteger();
    /** When the last round sent something (System.nanoTime()). */
    private volatile long lastSentNanos = System.nanoTime();
    /** Failed rounds in a row (used on the relay's context only): the pause before the next round grows. */
    private OutageBackoff backoff;

    public OutboxRelay(Pool pool, @Channel("events") MutinyEmitter<String> events, ServiceIdentity identity) {
        this.pool = pool;
        this.events = events;
        this.identity = identity;
    }

    /**
     * A transaction that wrote rows has committed: start a round now if the relay is waiting (instead of after up to
     * one interval), or right after the current round.
     */
    void committed() {
        wake = true;
        if (vertx != null && !stopped) {
            vertx.runOnContext(this::endWaitEarly);
        }
    }

    /** Ends the current wait, whichever it is, with a round (its timer then finds its number gone and does nothing). */
    private void endWaitEarly() {
        if (waiting.compareAndSet(true, false)) {
            waitNumber.incrementAndGet();
            tick();
        }
    }

    // A timer of our own rather than @Scheduled: the scheduler's floor is one second, too slow for live updates.
    void start(@Observes StartupEvent event, Vertx vertx) {
        start(vertx);
    }

    /** Starts the relay's rounds (outside Quarkus: a benchmark drives the relay with its own Vert.x). */
    public void start(Vertx vertx) {
        this.vertx = vertx;
        stopped = false;
        scheduleNext(idleMillis());
    }

    void stop(@Observes ShutdownEvent event) {
        stop();
    }

    /** No more rounds; the lock is given back (sends still in flight may be sent again by the next relay). */
    public void stop() {
        stopped = true;
        dropLeader();
    }

    /** The pause between looks while the outbox is idle (at least 1 ms: 0 means "at once" to scheduleNext). */
    private long idleMillis() {
        return Math.max(1, identity.outbox().interval().toMillis());
    }

    private void scheduleNext(long delayMillis) {
        if (!stopped) {
            long number = waitNumber.incrementAndGet();
            waiting.set(true);
            // a commit or ack that came after the round looked at `wake` found no wait to end: end this one at once
            // (committed() sets wake before it looks for a wait, this looks at wake after the wait is set up)
            if (wake) {
                vertx.runOnContext(this::endWaitEarly);
            } else if (delayMillis == 0) {
                vertx.runOnContext(() -> startRound(number)); // the last round sent rows: read on without a timer
            } else {
                vertx.setTimer(delayMillis, id -> startRound(number));
            }
        }
    }

    /** Ends wait {@code number} with a round, unless that wait already ended (by its timer or by a commit). */
    private void startRound(long number) {
        if (waitNumber.get() == number && waiting.compareAndSet(true, false)) {
            tick();
        }
    }

    private void tick() {
        if (stopped) {
            return;
        }
        wake = false;
        publishPending()
                .onItem().invoke(sent -> backoff().succeeded())
                .onFailure().invoke(e -> {
                    backoff().failed(e);
                    dropLeader();
                })
                .onFailure().recoverWithItem(-1)
                .subscribe().with(sent -> scheduleNext(sent < 0 ? backoff().pauseMillis()
                        : sent > 0 || wake ? 0 : idleMillis()));
    }

    /** Made on the first round (the relay's context), not in the constructor: benchmarks build a relay they never start. */
    private OutageBackoff backoff() {
        if (backoff == null) {
            long interval = Math.max(1, identity.outbox().interval().toMillis());
            backoff = new OutageBackoff(LOG, "outbox relay round", interval, Math.max(interval, MAX_RETRY_DELAY_MILLIS));
        }
        return backoff;
    }

    /**
     * One round: takes the lock if needed, then reads and sends the next batch unless the window is full; returns how
     * many rows went out. Acks come in apart from the rounds (each settled batch starts a round).
     */
    public Uni<Integer> publishPending() {
        // acknowledged rows whose delete failed (the database was down) are deleted again now: until they are, no
        // new term may start, and nothing else would retry them
        deleteAcked();
        if (failed.get()) {
            if (inFlight.get() > 0 || deleting.get() > 0 || !acked.isEmpty()) {
                return Uni.createFrom().item(0); // wait: the last settling ack starts a round
            }
            LOG.infof("outbox relay: a send failed; sending again from the oldest unpublished row");
            failed.set(false);
            cursor = -1;
            readAhead = null;
            return Uni.createFrom().item(0); // one interval's pause before the retry
        }
        int room = WINDOW - inFlight.get();
        if (room < batch()) {
            return Uni.createFrom().item(0); // the window is full: a settling batch starts a round
        }
        return lead().flatMap(leading -> !leading ? Uni.createFrom().item(0)
                : nextRows()
                        .map(rows -> {
                            readAheadAfter(rows);
                            int sent = 0;
                            for (Row row : rows) {
                                if (failed.get()) {
                                    // a send failed while this read was under way: nothing after it may go out before
                                    // it goes again (the next round starts over from the oldest unpublished row)
                                    break;
                                }
                                send(row);
                                cursor = row.getLong("seq");
                                sent++;
                            }
                            if (sent == 0) {
                                releaseIfIdle();
                            } else {
                                lastSentNanos = System.nanoTime();
                            }
                            return sent;
                        }));
    }

    /** The rows read ahead by the last round, or a read of the rows after the cursor. */
    private Uni<RowSet<Row>> nextRows() {
        Uni<RowSet<Row>> ahead = readAhead;
        readAhead = null;
        return ahead != null ? ahead : read(cursor);
    }

    private Uni<RowSet<Row>> read(long after) {
        return leader.preparedQuery("SELECT seq, event_id, event_key, ce_type, payload, created_at, traceparent FROM outbox "
                + "WHERE published_at IS NULL AND seq > $1 ORDER BY seq LIMIT $2").execute(Tuple.of(after, batch()));
    }

    /**
     * A full batch came back and the window has room for another after it: the next read starts now, so PostgreSQL
     * finds the next rows while this thread sends these (the next round takes its result).
     */
    private void readAheadAfter(RowSet<Row> rows) {
        int n = rows.size();
        if (n == batch() && WINDOW - inFlight.get() - n >= batch() && !failed.get()) {
            long last = -1;
            for (Row row : rows) {
                last = row.getLong("seq");
            }
            Uni<RowSet<Row>> ahead = read(last).memoize().indefinitely();
            ahead.subscribe().with(r -> {
            }, e -> {
                // the round that takes it sees the failure
            });
            readAhead = ahead;
        }
    }

    /** Rows per read: the configured batch, but at least four reads fit in the window. */
    private int batch() {
        return Math.min(identity.outbox().batchSize(), WINDOW / 4);
    }

    /** True when this relay holds the lock (taking it, on a connection of its own, if it does not yet). */
    private Uni<Boolean> lead() {
        if (leader != null) {
            return Uni.createFrom().item(true);
        }
        if (inFlight.get() > 0 || deleting.get() > 0 || !acked.isEmpty()) {
            return Uni.createFrom().item(false); // the previous term's sends settle first
        }
        return pool.getConnection().flatMap(connection -> connection
                .preparedQuery("SELECT pg_try_advisory_lock(hashtext('outbox:' || current_schema()))").execute()
                .onFailure().call(connection::close)
                .flatMap(lock -> {
                    if (!lock.iterator().next().getBoolean(0)) {
                        return connection.close().replaceWith(false);
                    }
                    if (stopped) {
                        // stopped while the lock was being taken: give it back at once
                        giveBack(connection);
                        return Uni.createFrom().item(false);
                    }
                    leader = connection;
                    cursor = -1;
                    readAhead = null;
                    return Uni.createFrom().item(true);
                }));
    }

    /**
     * Nothing to send and nothing awaited for one idle interval: give the lock and the connection back. Not at once:
     * a writer committing every few milliseconds would otherwise make the relay unlock and lock again for each event,
     * and a commit arriving while the unlock is still under way finds the lock taken and waits a whole interval.
     */
    private void releaseIfIdle() {
        boolean idleLongEnough = System.nanoTime() - lastSentNanos >= identity.outbox().interval().toNanos();
        if (leader != null && idleLongEnough && inFlight.get() == 0 && deleting.get() == 0 && acked.isEmpty()) {
            SqlConnection connection = leader;
            leader = null;
            giveBack(connection);
        }
    }

    /** Stopped, or the lock's connection failed: give the lock back; a later round (or relay) takes it again. */
    private void dropLeader() {
        SqlConnection connection = leader;
        leader = null;
        readAhead = null;
        if (connection != null) {
            giveBack(connection);
        }
    }

    /**
     * Unlocks, then returns the connection to the pool. Closing alone would not do: a pooled connection's session
     * lives on in the pool, and a session advisory lock with it, so no other relay could ever lead. If the unlock
     * fails the session is broken, and PostgreSQL drops a dead session's locks itself.
     */
    private static void giveBack(SqlConnection connection) {
        connection.preparedQuery("SELECT pg_advisory_unlock_all()").execute()
                .onItemOrFailure().call(connection::close)
                .subscribe().with(ok -> {
                }, e -> LOG.debugf("outbox relay: unlock failed (the broken session's lock goes with it): %s", e));
    }

    private void send(Row row) {
        long seq = row.getLong("seq");
        EventType type = EventType.ofCeType(row.getString("ce_type"))
                .orElseThrow(() -> new IllegalStateException("outbox row " + seq + " has unknown type "
                        + row.getString("ce_type")));
        Message<String> message = EventMessages.of(identity.name(), type, row.getString("event_key"),
                row.getString("payload"), row.getUUID("event_id"),
                row.getOffsetDateTime("created_at").withOffsetSameInstant(ZoneOffset.UTC).toInstant());
        // the Kafka connector's producer span becomes a child of the writer's span and goes out as `traceparent`
        Optional<Context> writer = TraceParent.toContext(row.getString("traceparent"));
        if (writer.isPresent()) {
            message = message.addMetadata(TracingMetadata.withCurrent(writer.get()));
        }
        inFlight.incrementAndGet();
        events.sendMessage(message).subscribe().with(ok -> settled(seq, null), e -> settled(seq, e));
    }

    /** An ack (or a failure) came in: delete what was acknowledged, and let the reading go on when there is room. */
    private void settled(long seq, Throwable failure) {
        if (failure == null) {
            acked.add(seq);
        } else if (failed.compareAndSet(false, true)) {
            LOG.warnf("outbox relay: sending row %d failed, will send again from the oldest unpublished row: %s", seq,
                    failure.toString());
        }
        int left = inFlight.decrementAndGet();
        deleteAcked();
        if (left % batch() == 0) {
            committed(); // a batch's worth of room (or all settled): the next round need not wait for the timer
        }
    }

    /** Deletes the acknowledged rows, up to {@link #DELETERS} statements at a time: acks that come meanwhile go in the next. */
    private void deleteAcked() {
        int running;
        do {
            running = deleting.get();
            if (acked.isEmpty() || running >= DELETERS) {
                return;
            }
        } while (!deleting.compareAndSet(running, running + 1));
        List<Long> seqs = new ArrayList<>();
        for (Long seq; (seq = acked.poll()) != null; ) {
            seqs.add(seq);
        }
        pool.preparedQuery("DELETE FROM outbox WHERE seq = ANY($1)")
                .execute(Tuple.of(seqs.toArray(Long[]::new)))
                .subscribe().with(ok -> deletedOrNot(null), e -> {
                    acked.addAll(seqs); // acknowledged all the same: try the delete again
                    deletedOrNot(e);
                });
    }

    private void deletedOrNot(Throwable failure) {
        if (failure != null) {
            LOG.warnf("outbox relay: deleting published rows failed, will retry: %s", failure.toString());
        }
        deleting.decrementAndGet();
        if (failure == null) {
            deleteAcked();
        }
        if (inFlight.get() == 0 && deleting.get() == 0) {
            committed();
        }
    }
}
