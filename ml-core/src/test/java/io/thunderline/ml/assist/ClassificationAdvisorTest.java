package io.thunderline.ml.assist;

import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.embed.MiniLmEncoder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClassificationAdvisorTest {
    static final List<String> POSITIVE = List.of(
            "I loved this film, the acting was wonderful", "What a delightful and charming restaurant",
            "The service was friendly and the food was excellent", "Best purchase I have made all year",
            "An inspiring, beautiful story that made me smile", "The hotel staff were kind and helpful",
            "Fantastic battery life and a gorgeous screen", "I would happily recommend this to everyone",
            "The concert was thrilling from start to finish", "Such a comfortable and well made jacket",
            "Great value, arrived early and works perfectly", "A warm, funny and moving performance");
    static final List<String> NEGATIVE = List.of(
            "The food was cold and the waiter was rude", "A boring film with a terrible ending",
            "It broke after two days, a complete waste of money", "The room was dirty and smelled awful",
            "Customer support never answered my emails", "The worst concert I have ever been to",
            "Cheap material that tore the first time I wore it", "Slow, buggy and it crashes all the time",
            "I regret buying this, it is useless", "The plot was dull and the actors wooden",
            "Overpriced and disappointing in every way", "The delivery was late and the box was damaged");

    static LabeledData of(List<String> pos, List<String> neg) {
        List<String> texts = new ArrayList<>(pos);
        texts.addAll(neg);
        List<String> labels = new ArrayList<>();
        pos.forEach(p -> labels.add("positive"));
        neg.forEach(n -> labels.add("negative"));
        return new LabeledData(texts, labels);
    }

    private final ClassificationAdvisor advisor = new ClassificationAdvisor(MiniLmEncoder.shared());

    @Test
    void aFlippedLabelIsFlaggedWithTheRelabelFix() {
        LabeledData data = of(POSITIVE, NEGATIVE);
        List<String> labels = new ArrayList<>(data.labels());
        int flipped = POSITIVE.indexOf("What a delightful and charming restaurant");
        labels.set(flipped, "negative");
        List<Suggestion> found = advisor.check(new LabeledData(data.texts(), labels));
        List<Suggestion> mislabelled = found.stream().filter(s -> s.kind() == Suggestion.Kind.LIKELY_MISLABELLED).toList();
        assertThat(mislabelled).as("all suggestions %s", found).isNotEmpty();
        assertThat(mislabelled.get(0).examples()).containsExactly(flipped);
        assertThat(mislabelled.get(0).fix()).isEqualTo(Suggestion.Fix.relabel(flipped, "positive"));
        assertThat(mislabelled.get(0).message()).contains("labelled negative").contains("says positive");
    }

    @Test
    void aFlagNamesTheLabelAboveItsThresholdEvenWhenItsOwnLabelIsTheMostProbable() {
        // five confident "a" examples set a's threshold near 0.9; "b" examples are never sure (threshold 0.35); the
        // last example, labelled a, is 51 % a and 49 % b: below a's threshold, above b's, so it is flagged for b
        double[][] p = {{0.95, 0.05}, {0.95, 0.05}, {0.95, 0.05}, {0.95, 0.05}, {0.95, 0.05},
                {0.65, 0.35}, {0.65, 0.35}, {0.65, 0.35}, {0.51, 0.49}};
        int[] labels = {0, 0, 0, 0, 0, 1, 1, 1, 0};
        double[][] logits = new double[p.length][];
        for (int i = 0; i < p.length; i++) {
            logits[i] = new double[]{Math.log(p[i][0]), Math.log(p[i][1])};
        }
        List<ClassificationAdvisor.Flag> flags = ClassificationAdvisor.likelyMislabelled(new OutOfFold(logits, labels, 2, 3));
        assertThat(flags).containsExactly(new ClassificationAdvisor.Flag(8, 1));
    }

    @Test
    void cleanDataGetsNoMislabelSuggestion() {
        List<Suggestion> found = advisor.check(of(POSITIVE, NEGATIVE));
        assertThat(found).noneMatch(s -> s.kind() == Suggestion.Kind.LIKELY_MISLABELLED
                || s.kind() == Suggestion.Kind.IMBALANCE || s.kind() == Suggestion.Kind.DUPLICATE);
    }

    @Test
    void imbalanceDuplicatesAndShortLinesAreNamed() {
        List<String> pos = new ArrayList<>(POSITIVE.subList(0, 11));
        pos.add("i LOVED this film,  the acting was wonderful");   // the first one again, case and spaces aside
        pos.add("Great!");
        List<String> neg = new ArrayList<>(NEGATIVE.subList(0, 2));
        neg.add(POSITIVE.get(1));                                    // the same text under the other label
        LabeledData data = of(pos, neg);
        List<Suggestion> found = advisor.check(data);

        assertThat(found).anySatisfy(s -> {
            assertThat(s.kind()).isEqualTo(Suggestion.Kind.IMBALANCE);
            assertThat(s.message()).startsWith("negative has 3 examples, positive 13");
        });
        assertThat(found).anySatisfy(s -> {
            assertThat(s.kind()).isEqualTo(Suggestion.Kind.DUPLICATE);
            assertThat(s.examples()).containsExactly(0, 11);
            assertThat(s.fix()).isEqualTo(Suggestion.Fix.remove(11));
        });
        assertThat(found).anySatisfy(s -> {
            assertThat(s.kind()).isEqualTo(Suggestion.Kind.CONFLICTING_DUPLICATE);
            assertThat(s.examples()).containsExactly(1, 15);
        });
        assertThat(found).anySatisfy(s -> {
            assertThat(s.kind()).isEqualTo(Suggestion.Kind.TOO_SHORT);
            assertThat(s.examples()).containsExactly(12);
        });
    }
}
