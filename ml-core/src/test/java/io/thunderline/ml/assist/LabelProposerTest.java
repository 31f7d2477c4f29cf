package io.thunderline.ml.assist;

import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.embed.MiniLmEncoder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelProposerTest {
    static final List<String[]> NEWS = List.of(
            new String[]{"The striker scored twice in the second half", "sport"},
            new String[]{"The home team won the championship final on penalties", "sport"},
            new String[]{"Their goalkeeper was sent off after a foul", "sport"},
            new String[]{"The tennis star retired after a knee injury", "sport"},
            new String[]{"Parliament passed the budget after a long debate", "politics"},
            new String[]{"The prime minister called an early election", "politics"},
            new String[]{"Opposition leaders criticised the new immigration law", "politics"},
            new String[]{"The senator resigned over a campaign finance scandal", "politics"},
            new String[]{"Astronomers discovered a planet orbiting a nearby star", "science"},
            new String[]{"Researchers found a new species of deep-sea fish", "science"},
            new String[]{"A new vaccine trial showed strong immune responses", "science"},
            new String[]{"Physicists measured the mass of the neutrino more precisely", "science"},
            new String[]{"Shares of the carmaker fell after weak quarterly profits", "business"},
            new String[]{"The central bank raised interest rates again", "business"},
            new String[]{"The retailer announced it will cut two thousand jobs", "business"},
            new String[]{"Oil prices rose on fears of lower supply", "business"});

    static LabeledData news() {
        List<String> texts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        NEWS.forEach(r -> {
            texts.add(r[0]);
            labels.add(r[1]);
        });
        return new LabeledData(texts, labels);
    }

    @Test
    void freshSentencesGetTheirTopicSortedByConfidence() {
        List<String> fresh = List.of(
                "Scientists sequenced the genome of an ancient wheat variety",
                "The midfielder signed a new three-year contract",
                "The finance minister presented a plan to cut the deficit in parliament",
                "The company's revenue doubled after the merger",
                "A telescope captured images of a distant galaxy",
                "The coach was fired after five straight defeats");
        List<String> expected = List.of("science", "sport", "politics", "business", "science", "sport");
        LabelProposer.Proposals result = new LabelProposer(MiniLmEncoder.shared()).propose(news(), fresh);

        assertThat(result.calibrated()).isTrue();
        assertThat(result.temperature()).isPositive();
        assertThat(result.proposals()).hasSize(fresh.size());
        assertThat(result.proposals()).extracting(LabelProposer.Proposal::confidence)
                .isSortedAccordingTo((a, b) -> Double.compare(b, a))
                .allSatisfy(c -> assertThat(c).isBetween(0.25, 1.0));
        long right = result.proposals().stream().filter(p -> p.label().equals(expected.get(p.index()))).count();
        assertThat(right).as("proposals %s", result.proposals()).isGreaterThanOrEqualTo(5);
        LabelProposer.Proposal first = result.proposals().get(0);
        assertThat(first.alternatives()).hasSize(4);
        assertThat(first.alternatives().get(0).label()).isEqualTo(first.label());
        assertThat(first.alternatives().stream().mapToDouble(LabelProposer.Scored::probability).sum()).isCloseTo(1.0,
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void oneLabelIsNotEnough() {
        LabeledData one = new LabeledData(List.of("a b c", "d e f"), List.of("x", "x"));
        assertThatThrownBy(() -> new LabelProposer(MiniLmEncoder.shared()).propose(one, List.of("g")))
                .hasMessageContaining("at least 2 labels");
    }
}
