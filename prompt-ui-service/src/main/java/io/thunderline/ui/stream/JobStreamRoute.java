package io.thunderline.ui.stream;

import io.netty.util.concurrent.EventExecutor;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.thunderline.contracts.EventCodec;
import io.thunderline.support.problem.Problem;
import io.thunderline.ui.config.UiConfig;
import io.thunderline.ui.security.Viewer;
import io.thunderline.ui.service.SystemStatus;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.concurrent.Executor;

/**
 * GET /api/jobs/stream: the page's server-sent events (job-update, job-log, job-run, system-status, resync).
 * <p>
 * Written on plain Vert.x rather than as a REST resource so that each event is encoded once and the same bytes go
 * to every client, and so that a client too slow to keep up can be cut off (it reconnects and resumes from the
 * replay buffer) instead of piling up memory. Only public Vert.x API: the route, the response, and the event loop
 * found among Vert.x's own. Query: {@code job} = only this job (with its log lines);
 * {@code after} = the stream position the page read its state at. Header {@code Last-Event-ID} on reconnect.
 */
@ApplicationScoped
public class JobStreamRoute {
    private static final Logger LOG = Logger.getLogger(JobStreamRoute.class);
    static final String PATH = "/api/jobs/stream";

    private final LiveFeed feed;
    private final SystemStatus status;
    private final int maxPendingBytes;

    public JobStreamRoute(LiveFeed feed, SystemStatus status, UiConfig config) {
        this.feed = feed;
        this.status = status;
        this.maxPendingBytes = config.stream().maxPendingBytes();
    }

    void register(@Observes Router router) {
        router.get(PATH).handler(this::open);
    }

    void open(RoutingContext ctx) {
        SecurityIdentity identity = ctx.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
        if (identity == null || identity.isAnonymous()) {
            ctx.response().setStatusCode(401).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(EventCodec.toJson(Problem.of(401, null, "Sign in to follow your jobs.")));
            return;
        }
        Viewer viewer = Viewer.of(identity);
        // every write of this client happens on one event loop: this one, or (when authentication finished on a worker
        // thread) one of Vert.x's loops; a response may be written from any thread, in order from one
        EventExecutor here = currentLoop(ctx.vertx());
        if (here != null) {
            start(ctx, viewer, here);
        } else {
            EventExecutor loop = ctx.vertx().nettyEventLoopGroup().next();
            loop.execute(() -> start(ctx, viewer, loop));
        }
    }

    /**
     * The event loop this thread runs (null on any other thread), as an executor: LiveFeed groups its clients by it,
     * so an event costs one task per loop. Found among Vert.x's event loops ({@link Vertx#nettyEventLoopGroup()},
     * public API) rather than read from the connection's internal context.
     */
    static EventExecutor currentLoop(Vertx vertx) {
        for (EventExecutor loop : vertx.nettyEventLoopGroup()) {
            if (loop.inEventLoop()) {
                return loop;
            }
        }
        return null;
    }

    private void start(RoutingContext ctx, Viewer viewer, Executor loop) {
        HttpServerResponse response = ctx.response();
        if (response.closed()) {
            return;
        }
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache, no-transform")
                .putHeader("X-Accel-Buffering", "no");
        FeedClient client = new FeedClient(viewer, ctx.request().getParam("job"), loop, new FeedClient.Sink() {
            @Override
            public void write(Buffer bytes) {
                response.write(bytes);
            }

            @Override
            public boolean full() {
                return response.writeQueueFull();
            }

            @Override
            public void onDrain(Runnable drained) {
                response.drainHandler(v -> drained.run());
            }

            @Override
            public void close() {
                LOG.debugf("closing the event stream of %s", viewer.name());
                ctx.request().connection().close();
            }
        }, maxPendingBytes);
        response.closeHandler(v -> feed.disconnect(client));
        response.exceptionHandler(e -> feed.disconnect(client));
        String lastEventId = ctx.request().getHeader("Last-Event-ID");
        if (lastEventId == null) {
            lastEventId = ctx.request().getParam("lastEventId"); // a page reopening a refused stream by hand
        }
        LiveFeed.Start start = feed.connect(client, lastEventId, ctx.request().getParam("after"));
        client.send(Buffer.buffer("retry: 2000\n\n"));
        client.send(FeedEvent.encode(null, FeedEvent.SYSTEM_STATUS, status.currentJson()));
        if (start.resyncReason() != null) {
            client.send(FeedEvent.encode(null, FeedEvent.RESYNC,
                    EventCodec.toJson(new Resync(start.resyncReason(), feed.position()))));
        }
        for (FeedEvent e : start.replay()) {
            client.send(e.wire());
        }
    }

    /** Tells the page to reload its state over REST; live events keep flowing meanwhile. */
    record Resync(String reason, String position) {
    }
}
