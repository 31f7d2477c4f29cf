package io.thunderline.dataset.service;

import io.thunderline.contracts.ModelType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class VersionDiffTest {

    private static VersionDiff.Row cls(int ordinal, String text, String label) {
        return new VersionDiff.Row(ordinal, Map.of("text", text, "label", label));
    }

    @Test
    void classificationSplitsAddedRemovedAndRelabelled() {
        // v1: love->positive, broke->negative, meh->neutral ; v3: love->positive, broke->positive, new->negative
        List<VersionDiff.Row> onlyInFrom = List.of(cls(1, "broke", "negative"), cls(2, "meh", "neutral"));
        List<VersionDiff.Row> onlyInTo = List.of(cls(1, "broke", "positive"), cls(2, "new", "negative"));

        VersionDiff.Result r = VersionDiff.between("d1", ModelType.SENTIMENT_ANALYSIS, 1, 3, onlyInFrom, onlyInTo, false);

        assertThat(r.from()).isEqualTo(1);
        assertThat(r.to()).isEqualTo(3);
        assertThat(r.keyColumns()).containsExactly("text");
        assertThat(r.answerColumns()).containsExactly("label");
        assertThat(r.added()).extracting(VersionDiff.Row::fields).containsExactly(Map.of("text", "new", "label", "negative"));
        assertThat(r.removed()).extracting(VersionDiff.Row::fields).containsExactly(Map.of("text", "meh", "label", "neutral"));
        assertThat(r.changed()).hasSize(1);
        VersionDiff.Change c = r.changed().get(0);
        assertThat(c.key()).containsExactly(Map.entry("text", "broke"));
        assertThat(c.before()).containsExactly(Map.entry("label", "negative"));
        assertThat(c.after()).containsExactly(Map.entry("label", "positive"));
        assertThat(c.ordinalBefore()).isEqualTo(1);
        assertThat(c.ordinalAfter()).isEqualTo(1);
        assertThat(r.addedCount()).isEqualTo(1);
        assertThat(r.removedCount()).isEqualTo(1);
        assertThat(r.changedCount()).isEqualTo(1);
        assertThat(r.truncated()).isFalse();
    }

    @Test
    void identicalVersionsHaveNoDifference() {
        VersionDiff.Result r = VersionDiff.between("d", ModelType.TEXT_CLASSIFICATION, 2, 2, List.of(), List.of(), false);
        assertThat(r.added()).isEmpty();
        assertThat(r.removed()).isEmpty();
        assertThat(r.changed()).isEmpty();
    }

    @Test
    void repeatedKeysPairInFileOrderAndLeftoversStayAddedOrRemoved() {
        List<VersionDiff.Row> onlyInFrom = List.of(cls(0, "same", "a"), cls(4, "same", "b"));
        List<VersionDiff.Row> onlyInTo = List.of(cls(0, "same", "c"));

        VersionDiff.Result r = VersionDiff.between("d", ModelType.TEXT_CLASSIFICATION, 1, 2, onlyInFrom, onlyInTo, true);

        assertThat(r.changed()).singleElement().satisfies(c -> {
            assertThat(c.before()).containsEntry("label", "a");
            assertThat(c.after()).containsEntry("label", "c");
        });
        assertThat(r.removed()).extracting(VersionDiff.Row::ordinal).containsExactly(4);
        assertThat(r.added()).isEmpty();
        assertThat(r.truncated()).isTrue();
    }

    @Test
    void instructionWithSameTaskAndInputButAnotherOutputIsChanged() {
        var oldRow = new VersionDiff.Row(0, Map.of("instruction", "Summarize", "input", "long text", "output", "short"));
        var otherInput = new VersionDiff.Row(1, Map.of("instruction", "Summarize", "input", "other", "output", "x"));
        var newRow = new VersionDiff.Row(0, Map.of("instruction", "Summarize", "input", "long text", "output", "brief"));

        VersionDiff.Result r = VersionDiff.between("d", ModelType.INSTRUCTION_FOLLOWING, 1, 2,
                List.of(oldRow, otherInput), List.of(newRow), false);

        assertThat(r.keyColumns()).containsExactly("instruction", "input");
        assertThat(r.changed()).singleElement().satisfies(c -> {
            assertThat(c.key()).containsExactly(Map.entry("instruction", "Summarize"), Map.entry("input", "long text"));
            assertThat(c.before()).containsExactly(Map.entry("output", "short"));
            assertThat(c.after()).containsExactly(Map.entry("output", "brief"));
        });
        assertThat(r.removed()).extracting(VersionDiff.Row::ordinal).containsExactly(1);
        assertThat(r.added()).isEmpty();
    }

    @Test
    void chatWithSamePromptAndAnotherResponseIsChanged() {
        var before = new VersionDiff.Row(0, Map.of("prompt", "Hi", "response", "Hello"));
        var after = new VersionDiff.Row(0, Map.of("prompt", "Hi", "response", "Hello! How can I help?"));
        var added = new VersionDiff.Row(1, Map.of("prompt", "Bye", "response", "Goodbye"));

        VersionDiff.Result r = VersionDiff.between("d", ModelType.GENERAL_CHAT, 1, 2, List.of(before),
                List.of(after, added), false);

        assertThat(r.changed()).singleElement().satisfies(c ->
                assertThat(c.after()).containsExactly(Map.entry("response", "Hello! How can I help?")));
        assertThat(r.added()).extracting(VersionDiff.Row::ordinal).containsExactly(1);
        assertThat(r.removed()).isEmpty();
    }

    @Test
    void diffBackwardsSwapsAddedAndRemoved() {
        VersionDiff.Result r = VersionDiff.between("d", ModelType.TEXT_CLASSIFICATION, 3, 1,
                List.of(cls(2, "new", "x")), List.of(), false);
        assertThat(r.removed()).hasSize(1);
        assertThat(r.added()).isEmpty();
    }
}
