package io.thunderline.system.hostile;

import io.thunderline.infra.TestTokens;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends hostile inputs to 127.0.0.1 only: the page's API signed in with HTTP Basic, the backends with an admin's
 * token for them (so that each input is refused for what it is; calls without a token are HostileInputIT's own test). An oversized body is declared in Content-Length and not sent (the refusal must
 * come before the body is read), over a plain socket so that no client insists on uploading 60 MB first.
 */
final class HostileClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Function<String, String> urlOf;
    private final String authorization;
    private Map<String, String> tokens;

    /**
     * @param urlOf         the base URL (http://127.0.0.1:port) of a service by name
     * @param authorization the page's Authorization header
     */
    HostileClient(Function<String, String> urlOf, String authorization) {
        this.urlOf = urlOf;
        this.authorization = authorization;
    }

    Answer send(Hostile h) throws IOException, InterruptedException {
        URI uri = URI.create(urlOf.apply(h.service()) + h.path());
        if (!"127.0.0.1".equals(uri.getHost())) {
            throw new IllegalStateException("hostile input goes to loopback only, not " + uri);
        }
        if (h.declaredBytes() > 0) {
            return declared(uri, h);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .method(h.method(), h.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(h.body()));
        if (h.contentType() != null) {
            request.header("Content-Type", h.contentType());
        }
        if (Hostile.UI.equals(h.service())) {
            request.header("Authorization", authorization);
            if (!"GET".equals(h.method())) {
                pageTokens().forEach(request::header);
            }
        } else {
            request.header("Authorization", TestTokens.admin(h.service()));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                response.body());
    }

    /**
     * The page's CSRF cookie and token, as its own pages send them: quarkus-rest-csrf checks every form post (the CSV
     * upload is multipart), whatever the credentials, so each input here is refused for what it is, not for a missing
     * token.
     */
    synchronized Map<String, String> pageTokens() throws IOException, InterruptedException {
        if (tokens == null) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(urlOf.apply(Hostile.UI)
                    + "/training/prompt")).header("Authorization", authorization).build(), HttpResponse.BodyHandlers.ofString());
            String cookie = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("csrf-token="))
                    .map(c -> c.split(";", 2)[0]).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no csrf-token cookie: " + page.headers()));
            Matcher meta = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"").matcher(page.body());
            if (!meta.find()) {
                throw new IllegalStateException("no csrf-token meta in the page");
            }
            tokens = Map.of("Cookie", cookie, "X-CSRF-TOKEN", meta.group(1));
        }
        return tokens;
    }

    /** Headers declaring the whole body, and none of it: reads the answer the service gives at once. */
    private Answer declared(URI uri, Hostile h) throws IOException {
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder(h.method() + " " + uri.getRawPath() + " HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(uri.getPort()).append("\r\n")
                    .append("Content-Type: ").append(h.contentType()).append("\r\n")
                    .append("Content-Length: ").append(h.declaredBytes()).append("\r\n")
                    .append("Connection: close\r\n");
            head.append("Authorization: ").append(Hostile.UI.equals(h.service()) ? authorization
                    : TestTokens.admin(h.service())).append("\r\n");
            // only the head: unread body bytes would make the service's close a reset, which can drop its answer
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return parse(socket.getInputStream());
        }
    }

    /** A whole HTTP/1.1 response read until the server closes (Content-Length or close-delimited bodies). */
    private static Answer parse(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (java.net.SocketException closed) {
            // the service closed after answering (it does not read the body): what arrived is the answer
        }
        String text = all.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            return new Answer(0, null, text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        String contentType = null;
        long length = -1;
        for (String line : lines) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-type:")) {
                contentType = line.substring(13).strip();
            } else if (lower.startsWith("content-length:")) {
                length = Long.parseLong(line.substring(15).strip());
            }
        }
        String body = text.substring(end + 4);
        return new Answer(status, contentType, length >= 0 && length < body.length() ? body.substring(0, (int) length) : body);
    }
}
