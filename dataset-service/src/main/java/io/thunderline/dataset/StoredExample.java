package io.thunderline.dataset;

import java.util.Map;

/** One stored example: its position in the version (0-based) and its canonical CSV row by column name. */
public record StoredExample(int ordinal, Map<String, String> fields) {
}
