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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Clients are grouped by their event loop: an event costs one task per loop, not one per client.
 */
public final class LiveFeed {
    private final Object lock = new Object();
    private final int replaySize;
    private final ArrayDeque<FeedEvent> ring;
    private final String epoch = UUID.randomUUID().toString().substring(0, 8);
    private final Map<Executor, Group> groups = new LinkedHashMap<>();
    private long lastPosition;
    private long evictedUpTo;

    public LiveFeed(int replaySize) {
        this.replaySize = replaySize;
        this.ring = new ArrayDeque<>(Math.min(replaySize, 1 << 16));
    }

    public void jobUpdate(JobUpdate u, String owner) {
        publish(u.jobId() + ":" + u.seq(), FeedEvent.JOB_UPDATE, owner, u.jobId(), false, EventCodec.toJson(u));
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

    /** Where the stream is now: read it BEFORE reading state over REST, then connect with it to miss nothing. */
    public String position() {
        synchronized (lock) {
            return epoch + "-" + lastPosition;
        }
    }

    private void publish(String id, String name, String owner, String jobId, boolean everyone, String json) {
        synchronized (lock) {
            FeedEvent e = FeedEvent.of(++lastPosition, id, name, owner, jobId, everyone, json);
            if (e.replayable()) {
                ring.addLast(e);
                if (ring.size() > replaySize) {
                    evictedUpTo = ring.removeFirst().position();
                }
            }
            // queued while holding the lock, so every loop receives events in position order
            for (Group g : groups.values()) {
                g.loop.execute(() -> g.deliver(e));
            }
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
        for (Iterator<FeedEvent> it = ring.descendingIterator(); it.hasNext(); ) {
            FeedEvent e = it.next();
            if (id.equals(e.id())) {
                return e.position();
            }
        }
        return -1;
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
