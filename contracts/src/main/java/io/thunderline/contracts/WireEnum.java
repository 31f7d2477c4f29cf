package io.thunderline.contracts;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Enums travel as lower-case snake names; parsing errors list the accepted values. */
final class WireEnum {
    private WireEnum() {
    }

    static String wire(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT);
    }

    static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("missing required field '" + field + "'");
        }
        String wanted = value.strip().replace('-', '_').replace(' ', '_').toUpperCase(java.util.Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(wanted)) {
                return e;
            }
        }
        throw new InvalidEventException("field '" + field + "' has unknown value '" + value + "'; use one of "
                + Arrays.stream(type.getEnumConstants()).map(WireEnum::wire).collect(Collectors.joining(", ")));
    }
}
