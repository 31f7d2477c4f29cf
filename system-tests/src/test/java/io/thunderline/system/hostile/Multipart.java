package io.thunderline.system.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A multipart/form-data body built by hand, so that a test can send exactly the parts (and bytes) it wants. */
final class Multipart {
    final String boundary = "hostile-" + UUID.randomUUID();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Multipart form(Map<String, String> fields) {
        Multipart m = new Multipart();
        fields.forEach(m::field);
        return m;
    }

    /** The page's upload: a CSV file and its form fields (text_classification unless the fields say otherwise). */
    static Multipart upload(byte[] file, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("modelType", "text_classification");
        all.putAll(fields);
        all.values().removeIf(v -> v == null);
        return form(all).file("file", "hostile.csv", file);
    }

    static Multipart upload(String csv) {
        return upload(csv.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    Multipart field(String name, String value) {
        write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
        return this;
    }

    Multipart file(String name, String fileName, byte[] content) {
        write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName
                + "\"\r\nContent-Type: text/csv\r\n\r\n");
        out.writeBytes(content);
        write("\r\n");
        return this;
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    byte[] bytes() {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        copy.writeBytes(out.toByteArray());
        copy.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return copy.toByteArray();
    }

    private void write(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
