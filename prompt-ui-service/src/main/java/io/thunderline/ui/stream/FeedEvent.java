package io.thunderline.ui.stream;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/**
 * One server-sent event, encoded once and written as the same bytes to every client that may see it.
 *
 * @param position  place in this instance's stream (grows by one per event)
 * @param id        SSE id (null: not resumable, e.g. the latest status, which is sent again on connect)
 * @param owner     who may see it besides admins; {@code null} with {@code everyone=false} means admins only
 * @param jobId     the job it is about, or null
 * @param everyone  a status every signed-in user sees
 */
public record FeedEvent(long position, String id, String name, String owner, String jobId, boolean everyone,
                        Buffer wire) {

    public static final String JOB_UPDATE = "job-update";
    public static final String JOB_LOG = "job-log";
    public static final String JOB_RUN = "job-run";
    public static final String SYSTEM_STATUS = "system-status";
    public static final String RESYNC = "resync";

    static FeedEvent of(long position, String id, String name, String owner, String jobId, boolean everyone, String json) {
        return new FeedEvent(position, id, name, owner, jobId, everyone, encode(id, name, json));
    }

    public boolean replayable() {
        return id != null;
    }

    /** The text/event-stream framing. JSON written by Jackson has no raw line breaks; ids and names are ours. */
    static Buffer encode(String id, String name, String json) {
        StringBuilder sb = new StringBuilder(json.length() + 64);
        if (id != null) {
            sb.append("id: ").append(oneLine(id)).append('\n');
        }
        sb.append("event: ").append(oneLine(name)).append('\n');
        for (String line : json.split("\n", -1)) {
            sb.append("data: ").append(line.replace("\r", "")).append('\n');
        }
        sb.append('\n');
        return Buffer.buffer(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String oneLine(String s) {
        return s.replace("\n", "").replace("\r", "");
    }
}
