package io.thunderline.ui.stream;

import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.JobLog;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.ui.security.Viewer;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class LiveFeedTest {
    /** An event loop stand-in: tasks run when the test says so, in order. */
    static final class Loop implements Executor {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            while (!tasks.isEmpty()) {
                tasks.poll().run();
            }
        }
    }

    static final class Recorder implements FeedClient.Sink {
        final List<String> frames = new ArrayList<>();
        boolean closed;
        boolean full;

        Runnable drained;

        @Override
        public void write(Buffer bytes) {
            frames.add(bytes.toString());
        }

        @Override
        public boolean full() {
            return full;
        }

        @Override
        public void onDrain(Runnable drained) {
            this.drained = drained;
        }

        @Override
        public void close() {
            closed = true;
        }

        List<String> ids() {
            List<String> out = new ArrayList<>();
            Pattern id = Pattern.compile("^id: (.*)$", Pattern.MULTILINE);
            for (String f : frames) {
                Matcher m = id.matcher(f);
                if (m.find()) {
                    out.add(m.group(1));
                }
            }
            return out;
        }
    }

    static JobUpdate update(String job, long seq) {
        return new JobUpdate(Contracts.SCHEMA_VERSION, job, seq, JobStatus.RUNNING, 3, JobUpdate.phaseName(3), null,
                (int) seq, Map.of("loss", 1.0 / (seq + 1)), Map.of(), null, Instant.now());
    }

    final Loop loop = new Loop();
    final LiveFeed feed = new LiveFeed(100);

    FeedClient client(String user, boolean admin, String job, Recorder sink) {
        return new FeedClient(new Viewer(user, admin), job, loop, sink, 1 << 20);
    }

    void write(FeedClient c, LiveFeed.Start start) {
        start.replay().forEach(e -> c.send(e.wire()));
    }

    @Test
    void aReconnectWithLastEventIdGetsExactlyTheMissedUpdatesInOrder() {
        Recorder first = new Recorder();
        FeedClient c1 = client("demo", false, null, first);
        write(c1, feed.connect(c1, null, null));
        for (int i = 0; i < 5; i++) {
            feed.jobUpdate(update("j1", i), "demo");
        }
        loop.runAll();
        assertThat(first.ids()).containsExactly("j1:0", "j1:1", "j1:2", "j1:3", "j1:4");

        feed.disconnect(c1);
        loop.runAll();
        for (int i = 5; i < 9; i++) {
            feed.jobUpdate(update("j1", i), "demo");
        }
        loop.runAll();

        Recorder second = new Recorder();
        FeedClient c2 = client("demo", false, null, second);
        LiveFeed.Start start = feed.connect(c2, "j1:4", null);
        assertThat(start.resyncReason()).isNull();
        write(c2, start);
        feed.jobUpdate(update("j1", 9), "demo");
        loop.runAll();
        assertThat(second.ids()).containsExactly("j1:5", "j1:6", "j1:7", "j1:8", "j1:9");
    }

    @Test
    void anEventPublishedWhileConnectingIsDeliveredOnce() {
        feed.stored(new long[]{feed.jobUpdate(update("j1", 0), "demo")});
        String position = feed.position();
        feed.jobUpdate(update("j1", 1), "demo"); // its delivery task is queued before the client registers
        Recorder sink = new Recorder();
        FeedClient c = client("demo", false, null, sink);
        write(c, feed.connect(c, null, position));
        loop.runAll();
        assertThat(sink.ids()).containsExactly("j1:1");
    }

    @Test
    void anUpdateStillInTheRingIsNotStreamedTwice() {
        Recorder sink = new Recorder();
        FeedClient c = client("demo", false, null, sink);
        write(c, feed.connect(c, null, null));
        long first = feed.jobUpdate(update("j1", 0), "demo");
        assertThat(feed.jobUpdate(update("j1", 0), "demo")).isEqualTo(-1);
        feed.jobUpdate(update("j1", 1), "demo");
        loop.runAll();
        assertThat(first).isPositive();
        assertThat(sink.ids()).containsExactly("j1:0", "j1:1");
    }

    @Test
    void thePositionAPageReadsAtStaysBeforeUpdatesNotStoredYet() {
        long stored = feed.jobUpdate(update("j1", 0), "demo");
        long streamedOnly = feed.jobUpdate(update("j1", 1), "demo");
        feed.stored(new long[]{stored});
        // a page reading PostgreSQL now sees j1:0 but not j1:1: connecting with this position replays j1:1
        String position = feed.position();
        Recorder sink = new Recorder();
        FeedClient c = client("demo", false, null, sink);
        write(c, feed.connect(c, null, position));
        loop.runAll();
        assertThat(sink.ids()).containsExactly("j1:1");
        feed.stored(new long[]{streamedOnly});
        assertThat(feed.position()).endsWith("-" + streamedOnly);
    }

    @Test
    void aJobPageConnectingAtTheStoredPositionGetsEveryUpdateNotStoredYet() {
        feed.stored(new long[]{feed.jobUpdate(update("other", 0), "demo")});
        for (int i = 0; i < 50; i++) {
            feed.jobUpdate(update("j1", i), "demo");
            feed.jobUpdate(update("other", i + 1), "demo");
        }
        Recorder sink = new Recorder();
        FeedClient c = client("demo", false, "j1", sink);
        write(c, feed.connect(c, null, feed.position()));
        loop.runAll();
        assertThat(sink.ids()).hasSize(50).startsWith("j1:0").endsWith("j1:49");
    }

    @Test
    void aResyncAlsoReplaysTheUpdatesNotStoredYet() {
        feed.stored(new long[]{feed.jobUpdate(update("j1", 0), "demo")});
        feed.jobUpdate(update("j1", 1), "demo");
        Recorder sink = new Recorder();
        FeedClient c = client("demo", false, null, sink);
        LiveFeed.Start start = feed.connect(c, "elsewhere:7", null);
        assertThat(start.resyncReason()).isNotNull();
        assertThat(start.replay()).extracting(FeedEvent::id).containsExactly("j1:1");
    }

    @Test
    void usersSeeOnlyTheirOwnJobsAndAdminsSeeAll() {
        Recorder demo = new Recorder();
        Recorder alice = new Recorder();
        Recorder admin = new Recorder();
        for (var pair : List.of(Map.entry("demo", demo), Map.entry("alice", alice), Map.entry("admin", admin))) {
            FeedClient c = client(pair.getKey(), pair.getKey().equals("admin"), null, pair.getValue());
            write(c, feed.connect(c, null, null));
        }
        feed.jobUpdate(update("demo-job", 0), "demo");
        feed.jobUpdate(update("alice-job", 0), "alice");
        feed.jobUpdate(update("nobodys-job", 0), null);
        loop.runAll();
        assertThat(demo.ids()).containsExactly("demo-job:0");
        assertThat(alice.ids()).containsExactly("alice-job:0");
        assertThat(admin.ids()).containsExactly("demo-job:0", "alice-job:0", "nobodys-job:0");
    }

    @Test
    void logLinesGoOnlyToPagesShowingThatJob() {
        Recorder list = new Recorder();
        Recorder detail = new Recorder();
        FeedClient c1 = client("demo", false, null, list);
        FeedClient c2 = client("demo", false, "j1", detail);
        write(c1, feed.connect(c1, null, null));
        write(c2, feed.connect(c2, null, null));
        feed.jobLog(new JobLog(Contracts.SCHEMA_VERSION, "j1", 0, "INFO", "epoch 1", Instant.now()), "demo");
        feed.jobUpdate(update("j2", 0), "demo");
        loop.runAll();
        assertThat(list.ids()).containsExactly("j2:0");
        assertThat(detail.ids()).containsExactly("j1:log:0");
    }

    @Test
    void anUnknownOrEvictedPositionAsksThePageToResync() {
        LiveFeed small = new LiveFeed(3);
        String old = small.position();
        for (int i = 0; i < 5; i++) {
            small.jobUpdate(update("j1", i), "demo");
        }
        FeedClient c = client("demo", false, null, new Recorder());
        assertThat(small.connect(c, "j1:0", null).resyncReason()).contains("no longer");
        assertThat(small.connect(c, null, old).resyncReason()).contains("no longer");
        assertThat(small.connect(c, null, "otherinstance-3").resyncReason()).contains("no longer");
        LiveFeed.Start fine = small.connect(c, "j1:2", null);
        assertThat(fine.resyncReason()).isNull();
        assertThat(fine.replay()).extracting(FeedEvent::id).containsExactly("j1:3", "j1:4");
    }

    @Test
    void aClientThatFallsBehindIsCutOffAndCanResume() {
        Recorder slow = new Recorder();
        slow.full = true;
        FeedClient c = new FeedClient(new Viewer("demo", false), null, loop, slow, 100);
        write(c, feed.connect(c, null, null));
        feed.jobUpdate(update("j1", 0), "demo");
        loop.runAll();
        assertThat(slow.closed).isTrue();
        assertThat(feed.connect(client("demo", false, null, new Recorder()), "j1:0", null).resyncReason()).isNull();
    }

    @Test
    void eventsWaitInOrderWhileTheConnectionIsFullAndGoOutAsItDrains() {
        Recorder sink = new Recorder();
        FeedClient c = client("demo", false, null, sink);
        write(c, feed.connect(c, null, null));
        feed.jobUpdate(update("j1", 0), "demo");
        loop.runAll();
        sink.full = true;
        feed.jobUpdate(update("j1", 1), "demo");
        feed.jobUpdate(update("j1", 2), "demo");
        loop.runAll();
        assertThat(sink.ids()).containsExactly("j1:0");
        sink.full = false;
        sink.drained.run();
        loop.runAll();
        assertThat(sink.ids()).containsExactly("j1:0", "j1:1", "j1:2");
        assertThat(sink.closed).isFalse();
    }

    @Test
    void statusEventsGoToEveryoneWithoutAnId() {
        Recorder demo = new Recorder();
        FeedClient c = client("demo", false, null, demo);
        write(c, feed.connect(c, null, null));
        feed.toEveryone(FeedEvent.SYSTEM_STATUS, "{\"ok\":true}");
        loop.runAll();
        assertThat(demo.frames).containsExactly("event: system-status\ndata: {\"ok\":true}\n\n");
    }

    @Test
    void framingKeepsEachEventOnItsOwnLines() {
        String frame = FeedEvent.encode("a\nb", "job-update", "{\"x\":1}\n{\"y\":2}").toString();
        assertThat(frame).isEqualTo("id: ab\nevent: job-update\ndata: {\"x\":1}\ndata: {\"y\":2}\n\n");
    }
}
