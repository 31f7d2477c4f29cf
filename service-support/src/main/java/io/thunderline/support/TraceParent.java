package io.thunderline.support;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The W3C {@code traceparent} of a span ({@code 00-<trace id>-<span id>-<flags>}), as stored with an outbox row and
 * turned back into a parent context when the row is relayed, so a trace goes on across the outbox.
 */
public final class TraceParent {
    private static final Pattern FORMAT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

    private TraceParent() {
    }

    /** The traceparent of the span current on this thread, if there is a real one (none while tracing is off). */
    public static Optional<String> current() {
        return of(Span.current().getSpanContext());
    }

    /** The traceparent of the span in {@code context}, if any. */
    public static Optional<String> of(Context context) {
        return context == null ? Optional.empty() : of(Span.fromContext(context).getSpanContext());
    }

    public static Optional<String> of(SpanContext span) {
        if (span == null || !span.isValid()) {
            return Optional.empty();
        }
        return Optional.of("00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex());
    }

    /** A context whose (remote) parent span is the one {@code traceparent} names; empty if it is not well-formed. */
    public static Optional<Context> toContext(String traceparent) {
        if (traceparent == null) {
            return Optional.empty();
        }
        var m = FORMAT.matcher(traceparent.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        SpanContext span = SpanContext.createFromRemoteParent(m.group(1), m.group(2),
                TraceFlags.fromHex(m.group(3), 0), TraceState.getDefault());
        return span.isValid() ? Optional.of(Context.root().with(Span.wrap(span))) : Optional.empty();
    }
}
