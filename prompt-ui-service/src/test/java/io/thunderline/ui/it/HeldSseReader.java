package io.thunderline.ui.it;

import io.thunderline.infra.SseReader;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An event-stream reader that keeps its HttpClient for as long as it reads. test-infra's SseReader drops its client
 * once the response has begun; on Java 17 a client no longer referenced may be collected, and its connections are then
 * closed under the reader ("IOException: closed") — seen here on a busy machine, in a stream open through a burst.
 */
final class HeldSseReader implements AutoCloseable {
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<SseReader.Event> events = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile InputStream body;
    private volatile boolean closed;

    HeldSseReader(String url, String user, String password, String lastEventId) {
        reader = new Thread(() -> read(url, user, password, lastEventId), "held-sse");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(String url, String user, String password, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream")
                .header("Authorization", SseReader.basic(user, password));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            body = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()).body();
            BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            String id = null;
            String name = null;
            String line;
            while (!closed && (line = lines.readLine()) != null) {
                if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    events.add(new SseReader.Event(id, name, line.substring(6))); // our events are one data line
                } else if (line.isEmpty()) {
                    id = null;
                    name = null;
                }
            }
        } catch (Exception e) {
            if (!closed) {
                events.add(new SseReader.Event(null, "client-error", e.toString()));
            }
        }
    }

    List<SseReader.Event> named(String name) {
        return events.stream().filter(e -> name.equals(e.name())).toList();
    }

    List<SseReader.Event> events() {
        return List.copyOf(events);
    }

    @Override
    public void close() throws Exception {
        closed = true;
        if (body != null) {
            body.close();
        }
        reader.interrupt();
    }
}
