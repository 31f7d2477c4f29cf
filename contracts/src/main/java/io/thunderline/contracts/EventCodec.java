package io.thunderline.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.UncheckedIOException;
import java.util.stream.Collectors;

/** JSON (de)serialisation of event bodies. Errors name the event and the field at fault. */
public final class EventCodec {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private EventCodec() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String toJson(Record body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T extends Record> T fromJson(String json, Class<T> type) {
        if (json == null || json.isBlank()) {
            throw new InvalidEventException(type.getSimpleName() + ": empty body");
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonMappingException e) {
            throw new InvalidEventException(type.getSimpleName() + ": " + describe(e), e);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(type.getSimpleName() + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
    }

    /** Decodes a body by its CloudEvent type. */
    public static Record fromJson(String json, EventType type) {
        return fromJson(json, type.bodyType());
    }

    private static String describe(JsonMappingException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof InvalidEventException invalid) {
            return invalid.getMessage();
        }
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        if (path.isEmpty()) {
            return e.getOriginalMessage();
        }
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Cannot map `null` into type")) {
            return "missing required field '" + path + "'";
        }
        return "field '" + path + "': " + e.getOriginalMessage();
    }
}
