package io.thunderline.ui.stream;

import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.JobLog;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.contracts.TrackingRun;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * The live stream of one page-service instance: every event from Kafka, fanned out to the open pages that may see it.
 * <p>
 * The last {@code replaySize} resumable events stay in a ring, so a page that reconnects with its Last-Event-ID (or
 * with the position it read its job list at) gets exactly what it missed. When that position is no longer in the ring
 * (too old, another instance, a restart) the page is told to "resync": it reloads its state over REST while the live
 * events already flow, so nothing is missed either way.
 * <p>
 * Job updates are streamed before they are stored ({@link #jobUpdate} answers the event's position; the writer calls
 * {@link #stored} once its batch is committed). So that a page reading PostgreSQL misses none of the updates still on
 * their way there, {@link #position()} is the position below which everything is stored, and a resync replays the
 * events not stored yet. An update whose id (job:seq) is still in the ring is not streamed twice.
 * <p>
 * Clients are grouped by their event loop: an event costs one task per loop, not one per client.
 */
public final class LiveFeed {
    private final Object lock = new Object();
    private final int replaySize;
    private final ArrayDeque<FeedEvent> ring;
    private final String epoch = UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, FeedEvent> ringById = new HashMap<>();
    /** Positions of streamed job updates not yet stored in PostgreSQL, oldest first. */
    private final TreeSet<Long> unstored = new TreeSet<>();
    private final Map<Executor, Group> groups = new LinkedHashMap<>();
    private long lastPosition;
    private long evictedUpTo;

    public LiveFeed(int replaySize) {
        this.replaySize = replaySize;
        this.ring = new ArrayDeque<>(Math.min(replaySize, 1 << 16));
    }

    /**
     * Streams an update that is not stored yet; answers its position (for {@link #stored}), or -1 when an update with
     * the same job and seq is still in the ring (a redelivery: it was streamed already).
     */
    public long jobUpdate(JobUpdate u, String owner) {
        String id = u.jobId() + ":" + u.seq();
        String json = EventCodec.toJson(u); // encoded outside the lock
        synchronized (lock) {
            if (ringById.containsKey(id)) {
                return -1;
            }
            long position = publish(id, FeedEvent.JOB_UPDATE, owner, u.jobId(), false, json);
            unstored.add(position);
            return position;
        }
    }

    /** The updates at these positions are in PostgreSQL now (or never will be: refused), so a REST read shows them. */
    public void stored(long[] positions) {
        synchronized (lock) {
            for (long p : positions) {
                unstored.remove(p);
            }
        }
    }

    public void jobLog(JobLog log, String owner) {
        publish(log.jobId() + ":log:" + log.seq(), FeedEvent.JOB_LOG, owner, log.jobId(), false, EventCodec.toJson(log));
    }

    public void jobRun(TrackingRun run, String owner) {
        publish(run.jobId() + ":run:" + run.state(), FeedEvent.JOB_RUN, owner, run.jobId(), false, EventCodec.toJson(run));
    }

    /** A status every page shows (not replayed: each new connection gets the latest one directly). */
    public void toEveryone(String name, String json) {
        publish(null, name, null, null, true, json);
    }

    /**
     * Where the stream is stored up to: read it BEFORE reading state over REST, then connect with it to miss nothing
     * (updates streamed but not yet stored lie after it, so they are replayed; one stored meanwhile may come twice, and
     * the page keeps an update once by its seq).
     */
    public String position() {
        synchronized (lock) {
            return epoch + "-" + storedUpTo();
        }
    }

    private long storedUpTo() {
        return unstored.isEmpty() ? lastPosition : unstored.first() - 1;
    }

    private long publish(String id, String name, String owner, String jobId, boolean everyone, String json) {
        synchronized (lock) {
            FeedEvent e = FeedEvent.of(++lastPosition, id, name, owner, jobId, everyone, json);
            if (e.replayable()) {
                ring.addLast(e);
                ringById.put(e.id(), e);
                if (ring.size() > replaySize) {
                    FeedEvent evicted = ring.removeFirst();
                    ringById.remove(evicted.id(), evicted);
                    evictedUpTo = evicted.position();
                }
            }
            // queued while holding the lock, so every loop receives events in position order
            for (Group g : groups.values()) {
                g.loop.execute(() -> g.deliver(e));
            }
            return e.position();
        }
    }

    /** What a connecting client gets before the live events: the events it missed, or an order to reload. */
    public record Start(List<FeedEvent> replay, String resyncReason) {
    }

    /**
     * Registers a client. Must run on the client's loop; write the returned replay (or the resync) before returning
     * to the loop, and live events follow in order.
     *
     * @param lastEventId the SSE Last-Event-ID header of a reconnect, or null
     * @param after       a {@link #position()} the page read its state at, or null
     */
    public Start connect(FeedClient client, String lastEventId, String after) {
        synchronized (lock) {
            long from;
            String resync = null;
            if (lastEventId != null && !lastEventId.isBlank()) {
                from = find(lastEventId);
                if (from < 0) {
                    resync = "event " + lastEventId + " is no longer in this instance's replay buffer";
                }
            } else if (after != null && !after.isBlank()) {
                from = parseAfter(after);
                if (from < 0) {
                    resync = "position " + after + " is no longer in this instance's replay buffer";
                }
            } else {
                from = lastPosition;
            }
            if (resync != null) {
                // the page reloads from PostgreSQL, which lacks the updates streamed but not stored yet: those come
                // from the ring (an update stored between now and the reload may come twice; the page dedups by seq)
                from = storedUpTo();
            }
            List<FeedEvent> replay = new ArrayList<>();
            if (from >= 0) {
                for (FeedEvent e : ring) {
                    if (e.position() > from && client.wants(e)) {
                        replay.add(e);
                    }
                }
            }
            client.lastPosition = lastPosition;
            groups.computeIfAbsent(client.loop(), Group::new).add(client);
            return new Start(replay, resync);
        }
    }

    public void disconnect(FeedClient client) {
        client.closed = true;
        synchronized (lock) {
            Group g = groups.get(client.loop());
            if (g != null) {
                g.loop.execute(() -> g.remove(client));
            }
        }
    }

    /** A comment line to every client: keeps idle connections open and finds the dead ones. */
    public void heartbeat() {
        Buffer ping = Buffer.buffer(":\n\n");
        synchronized (lock) {
            for (Group g : groups.values()) {
                g.loop.execute(() -> g.all().forEach(c -> c.send(ping)));
            }
        }
    }

    public int connections() {
        synchronized (lock) {
            return groups.values().stream().mapToInt(g -> g.size).sum();
        }
    }

    private long find(String id) {
        FeedEvent e = ringById.get(id);
        return e == null ? -1 : e.position();
    }

    private long parseAfter(String after) {
        int dash = after.lastIndexOf('-');
        if (dash < 0 || !after.substring(0, dash).equals(epoch)) {
            return -1;
        }
        try {
            long position = Long.parseLong(after.substring(dash + 1));
            return position < evictedUpTo || position > lastPosition ? -1 : position;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The clients of one event loop; touched only on that loop (or under the lock while registering). */
    private static final class Group {
        final Executor loop;
        final Map<String, Set<FeedClient>> byUser = new HashMap<>();
        final Set<FeedClient> admins = new HashSet<>();
        volatile int size;

        Group(Executor loop) {
            this.loop = loop;
        }

        synchronized void add(FeedClient c) {
            if (c.viewer().admin()) {
                admins.add(c);
            } else {
                byUser.computeIfAbsent(c.viewer().name(), k -> new HashSet<>()).add(c);
            }
            size++;
        }

        synchronized void remove(FeedClient c) {
            boolean removed = c.viewer().admin() ? admins.remove(c) : removeUser(c);
            if (removed) {
                size--;
            }
        }

        private boolean removeUser(FeedClient c) {
            Set<FeedClient> set = byUser.get(c.viewer().name());
            if (set == null || !set.remove(c)) {
                return false;
            }
            if (set.isEmpty()) {
                byUser.remove(c.viewer().name());
            }
            return true;
        }

        synchronized List<FeedClient> all() {
            List<FeedClient> out = new ArrayList<>(admins);
            byUser.values().forEach(out::addAll);
            return out;
        }

        void deliver(FeedEvent e) {
            List<FeedClient> targets;
            synchronized (this) {
                if (e.everyone()) {
                    targets = all();
                } else {
                    targets = new ArrayList<>(admins);
                    Collection<FeedClient> own = e.owner() == null ? null : byUser.get(e.owner());
                    if (own != null) {
                        targets.addAll(own);
                    }
                }
            }
            for (FeedClient c : targets) {
                if (e.position() > c.lastPosition && !c.closed && c.wants(e)) {
                    c.lastPosition = e.position();
                    c.send(e.wire());
                }
            }
        }
    }
}
