package io.thunderline.dataset.service;

import io.thunderline.contracts.ModelType;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The example-by-example difference of two versions of one dataset, the page's "prompt diff": examples added,
 * examples removed, and examples changed: the same text with another label (classification, sentiment), the same
 * instruction and input with another output (instruction following), the same prompt with another response (chat).
 *
 * <p>Pure: it is given the examples that are in one version and not in the other (the repository finds those,
 * comparing whole rows), and pairs them up by their key columns. Rows are compared as sets, as the change summary
 * does: an example repeated in one version counts once. When several removed and added examples share a key, they
 * are paired in file order and any left over count as removed or added.
 */
public final class VersionDiff {

    /** An example of one version: its 0-based position and its canonical columns. */
    public record Row(int ordinal, Map<String, String> fields) {
        public Row {
            Objects.requireNonNull(fields, "fields");
            fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }
    }

    /**
     * An example whose key stayed and whose answer changed: {@code key} holds the key columns (e.g. text),
     * {@code before}/{@code after} the answer columns (e.g. label) in the older and the newer version.
     */
    public record Change(Map<String, String> key, Map<String, String> before, Map<String, String> after,
                         int ordinalBefore, int ordinalAfter) {
    }

    /** The difference from version {@code from} to version {@code to}. */
    public record Result(String datasetId, String modelType, int from, int to, List<String> keyColumns,
                         List<String> answerColumns, List<Row> added, List<Row> removed, List<Change> changed,
                         boolean truncated) {
        @com.fasterxml.jackson.annotation.JsonProperty
        public int addedCount() {
            return added.size();
        }

        @com.fasterxml.jackson.annotation.JsonProperty
        public int removedCount() {
            return removed.size();
        }

        @com.fasterxml.jackson.annotation.JsonProperty
        public int changedCount() {
            return changed.size();
        }
    }

    private VersionDiff() {
    }

    /** The columns that identify an example; the others are its answer. */
    public static List<String> keyColumns(ModelType type) {
        return switch (type) {
            case TEXT_CLASSIFICATION, SENTIMENT_ANALYSIS -> List.of("text");
            case INSTRUCTION_FOLLOWING -> List.of("instruction", "input");
            case GENERAL_CHAT -> List.of("prompt");
        };
    }

    /** The columns that answer an example. */
    public static List<String> answerColumns(ModelType type) {
        return switch (type) {
            case TEXT_CLASSIFICATION, SENTIMENT_ANALYSIS -> List.of("label");
            case INSTRUCTION_FOLLOWING -> List.of("output");
            case GENERAL_CHAT -> List.of("response");
        };
    }

    /**
     * Pairs {@code onlyInFrom} (examples of version {@code from} missing from {@code to}) with {@code onlyInTo}
     * (examples of {@code to} missing from {@code from}) by key.
     *
     * @param truncated whether the repository left out some differing examples (they are too many to show)
     */
    public static Result between(String datasetId, ModelType type, int from, int to, List<Row> onlyInFrom,
                                 List<Row> onlyInTo, boolean truncated) {
        List<String> keys = keyColumns(type);
        List<String> answers = answerColumns(type);
        Map<List<String>, Deque<Row>> removedByKey = new LinkedHashMap<>();
        for (Row row : onlyInFrom) {
            removedByKey.computeIfAbsent(project(row, keys), k -> new ArrayDeque<>()).add(row);
        }
        List<Row> added = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        java.util.Set<Row> pairedOld = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Row row : onlyInTo) {
            Deque<Row> sameKey = removedByKey.get(project(row, keys));
            Row old = sameKey == null ? null : sameKey.poll();
            if (old == null) {
                added.add(row);
            } else {
                pairedOld.add(old);
                changed.add(new Change(columns(row, keys), columns(old, answers), columns(row, answers),
                        old.ordinal(), row.ordinal()));
            }
        }
        List<Row> removed = onlyInFrom.stream().filter(r -> !pairedOld.contains(r)).toList();
        return new Result(datasetId, type.wireName(), from, to, keys, answers, List.copyOf(added), removed,
                List.copyOf(changed), truncated);
    }

    private static List<String> project(Row row, List<String> columns) {
        return columns.stream().map(c -> row.fields().getOrDefault(c, "")).toList();
    }

    private static Map<String, String> columns(Row row, List<String> columns) {
        Map<String, String> out = new LinkedHashMap<>();
        columns.forEach(c -> out.put(c, row.fields().getOrDefault(c, "")));
        return out;
    }
}
