package io.thunderline.ui.stream;

import io.thunderline.ui.security.Viewer;
import io.vertx.core.buffer.Buffer;

import java.util.concurrent.Executor;

/**
 * One open event stream. All of its writes happen on {@link #loop()}, the event loop of its connection, so a replay
 * and the live events after it never interleave.
 */
public final class FeedClient {
    /** Where the bytes go: an HTTP response in production, a list in tests. */
    public interface Sink {
        /** Writes; answers false when the client is too far behind and must be cut off. */
        boolean write(Buffer bytes);

        void close();
    }

    private final Viewer viewer;
    private final String jobFilter;
    private final Executor loop;
    private final Sink sink;
    long lastPosition;
    volatile boolean closed;

    public FeedClient(Viewer viewer, String jobFilter, Executor loop, Sink sink) {
        this.viewer = viewer;
        this.jobFilter = jobFilter == null || jobFilter.isBlank() ? null : jobFilter;
        this.loop = loop;
        this.sink = sink;
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

    void send(Buffer bytes) {
        if (!closed && !sink.write(bytes)) {
            close();
        }
    }

    void close() {
        if (!closed) {
            closed = true;
            sink.close();
        }
    }
}
