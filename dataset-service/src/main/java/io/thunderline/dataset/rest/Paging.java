package io.thunderline.dataset.rest;

import io.thunderline.dataset.config.DatasetConfig;
import io.thunderline.dataset.service.DatasetRefusedException;

/** {@code limit} and {@code offset} query parameters, checked, with the configured default and maximum. */
record Paging(int limit, int offset) {

    static Paging of(String limit, String offset, DatasetConfig.Listing listing) {
        int max = listing.maxLimit();
        return new Paging(number("limit", limit, listing.defaultLimit(), 1, max,
                "use a limit from 1 to " + max),
                number("offset", offset, 0, 0, Integer.MAX_VALUE, "use an offset of 0 or more"));
    }

    private static int number(String field, String value, int fallback, int min, int max, String hint) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw DatasetRefusedException.of(field, field + " '" + value + "' is not allowed", hint);
    }
}
