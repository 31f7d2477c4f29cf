package io.thunderline.support;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.vertx.mutiny.sqlclient.SqlClient;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;

import static org.assertj.core.api.Assertions.assertThat;

class TraceParentTest {
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String SPAN = "00f067aa0ba902b7";

    static Context contextOf(String traceId, String spanId) {
        return Context.root().with(Span.wrap(SpanContext.create(traceId, spanId, TraceFlags.getSampled(),
                TraceState.getDefault())));
    }

    @Test
    void aValidSpanIsWrittenInW3cFormat() {
        assertThat(TraceParent.of(contextOf(TRACE, SPAN))).contains("00-" + TRACE + "-" + SPAN + "-01");
    }

    @Test
    void noSpanMeansNoTraceparent() {
        assertThat(TraceParent.of(Context.root())).isEmpty();
        assertThat(TraceParent.of((Context) null)).isEmpty();
        assertThat(TraceParent.current()).isEmpty(); // tracing off: no current span
    }

    @Test
    void aStoredTraceparentBecomesTheParentOfWhatIsSentNext() {
        String stored = "00-" + TRACE + "-" + SPAN + "-01";
        Context parent = TraceParent.toContext(stored).orElseThrow();
        SpanContext span = Span.fromContext(parent).getSpanContext();
        assertThat(span.isRemote()).isTrue();
        assertThat(span.getTraceId()).isEqualTo(TRACE);
        assertThat(span.getSpanId()).isEqualTo(SPAN);
        assertThat(span.isSampled()).isTrue();
        assertThat(TraceParent.of(parent)).contains(stored);
        assertThat(TraceParent.toContext("00-" + TRACE + "-" + SPAN + "-00").map(c -> Span.fromContext(c)
                .getSpanContext().isSampled())).contains(false);
    }

    @Test
    void malformedOrInvalidTraceparentsAreIgnored() {
        assertThat(TraceParent.toContext(null)).isEmpty();
        assertThat(TraceParent.toContext("")).isEmpty();
        assertThat(TraceParent.toContext("01-" + TRACE + "-" + SPAN + "-01")).isEmpty();
        assertThat(TraceParent.toContext("00-" + TRACE.toUpperCase() + "-" + SPAN + "-01")).isEmpty();
        assertThat(TraceParent.toContext("00-" + "0".repeat(32) + "-" + SPAN + "-01")).isEmpty();
        assertThat(TraceParent.toContext("00-" + TRACE + "-" + "0".repeat(16) + "-01")).isEmpty();
    }

    @Test
    void aTransactionBoundToAMessageTraceWinsOverTheCurrentSpanUntilUnbound() {
        TransactionTraces traces = new TransactionTraces();
        SqlClient tx = fakeTransaction();
        SqlClient other = fakeTransaction();
        String current = "11111111111111111111111111111111";
        try (Scope ignored = contextOf(current, SPAN).makeCurrent()) {
            assertThat(traces.traceparentFor(tx)).contains("00-" + current + "-" + SPAN + "-01");
            traces.bind(tx, contextOf(TRACE, SPAN));
            assertThat(traces.traceparentFor(tx)).contains("00-" + TRACE + "-" + SPAN + "-01");
            assertThat(traces.traceparentFor(other)).contains("00-" + current + "-" + SPAN + "-01");
            traces.unbind(tx);
            assertThat(traces.traceparentFor(tx)).contains("00-" + current + "-" + SPAN + "-01");
        }
        traces.bind(tx, null); // a message without trace context binds nothing
        assertThat(traces.traceparentFor(tx)).isEmpty();
    }

    static SqlClient fakeTransaction() {
        io.vertx.sqlclient.SqlClient delegate = (io.vertx.sqlclient.SqlClient) Proxy.newProxyInstance(
                TraceParentTest.class.getClassLoader(), new Class<?>[]{io.vertx.sqlclient.SqlClient.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "fake transaction";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new SqlClient(delegate);
    }
}
