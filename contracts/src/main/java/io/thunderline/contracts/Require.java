package io.thunderline.contracts;

import java.util.Collection;

/** Field checks for event bodies; each message names the field so a producer knows what to fix. */
public final class Require {
    private Require() {
    }

    public static <T> T present(T value, String field) {
        if (value == null) {
            throw new InvalidEventException("missing required field '" + field + "'");
        }
        if (value instanceof String s && s.isBlank()) {
            throw new InvalidEventException("required field '" + field + "' is blank");
        }
        return value;
    }

    public static <T extends Collection<?>> T notEmpty(T value, String field) {
        present(value, field);
        if (value.isEmpty()) {
            throw new InvalidEventException("required field '" + field + "' is empty");
        }
        return value;
    }

    public static int schemaVersion(int version) {
        if (version < 1) {
            throw new InvalidEventException("missing required field 'schemaVersion' (current is " + Contracts.SCHEMA_VERSION + ")");
        }
        if (version > Contracts.SCHEMA_VERSION) {
            throw new InvalidEventException("schemaVersion " + version + " is newer than this reader ("
                    + Contracts.SCHEMA_VERSION + "); upgrade the consumer");
        }
        return version;
    }

    public static long atLeast(long value, long min, String field) {
        if (value < min) {
            throw new InvalidEventException("field '" + field + "' must be >= " + min + " but was " + value);
        }
        return value;
    }

    public static double within(double value, double min, double max, String field) {
        if (Double.isNaN(value) || value < min || value > max) {
            throw new InvalidEventException("field '" + field + "' must be in [" + min + ", " + max + "] but was " + value);
        }
        return value;
    }
}
