package io.thunderline.ui.stream;

import io.thunderline.ui.security.Viewer;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * One open event stream. All of its writes happen on {@link #loop()}, the event loop of its connection, so a replay
 * and the live events after it never interleave.
 * <p>
 * While the connection cannot take more (a replay of hundreds of events, a slow reader), events wait here in order and
 * go out as it drains; a client with more than {@code maxPendingBytes} waiting is cut off (it reconnects and resumes
 * from the replay buffer). The connection's own queue fills at tens of kilobytes: cutting off there cut off every
 * page that resumed after a burst.
 */
public final class FeedClient {
    /** Where the bytes go: an HTTP response in production, a list in tests. */
    public interface Sink {
        void write(Buffer bytes);

        /** The connection takes no more for now. */
        boolean full();

        /** Runs (once, on any thread) when the connection takes more again. */
        void onDrain(Runnable drained);

        void close();
    }

    private final Viewer viewer;
    private final String jobFilter;
    private final Executor loop;
    private final Sink sink;
    private final int maxPendingBytes;
    private final ArrayDeque<Buffer> waiting = new ArrayDeque<>();
    private long waitingBytes;
    private boolean drainAsked;
    long lastPosition;
    volatile boolean closed;

    public FeedClient(Viewer viewer, String jobFilter, Executor loop, Sink sink, int maxPendingBytes) {
        this.viewer = viewer;
        this.jobFilter = jobFilter == null || jobFilter.isBlank() ? null : jobFilter;
        this.loop = loop;
        this.sink = sink;
        this.maxPendingBytes = maxPendingBytes;
    }

    public Viewer viewer() {
        return viewer;
    }

    Executor loop() {
        return loop;
    }

    /** A page showing one job wants its log lines; the job list does not. */
    boolean wants(FeedEvent e) {
        if (e.everyone()) {
            return true;
        }
        if (!viewer.maySee(e.owner())) {
            return false;
        }
        if (jobFilter != null) {
            return jobFilter.equals(e.jobId());
        }
        return !FeedEvent.JOB_LOG.equals(e.name());
    }

    /** On {@link #loop()}. */
    void send(Buffer bytes) {
        if (closed) {
            return;
        }
        if (waiting.isEmpty() && !sink.full()) {
            sink.write(bytes);
            return;
        }
        waiting.add(bytes);
        waitingBytes += bytes.length();
        if (waitingBytes > maxPendingBytes) {
            close();
        } else if (!drainAsked) {
            drainAsked = true;
            sink.onDrain(() -> loop.execute(this::drain));
        }
    }

    private void drain() {
        drainAsked = false;
        while (!closed && !waiting.isEmpty() && !sink.full()) {
            Buffer next = waiting.poll();
            waitingBytes -= next.length();
            sink.write(next);
        }
        if (!closed && !waiting.isEmpty()) {
            drainAsked = true;
            sink.onDrain(() -> loop.execute(this::drain));
        }
    }

    void close() {
        if (!closed) {
            closed = true;
            waiting.clear();
            sink.close();
        }
    }
}
