package io.thunderline.llm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RougeTest {

    @Test
    void identicalTextsScoreOneAndDisjointTextsZero() {
        assertThat(Rouge.rougeL("The cat sat on the mat.", "the cat sat on the mat")).isEqualTo(1.0);
        assertThat(Rouge.rougeL("The cat sat on the mat.", "Dogs bark loudly")).isEqualTo(0.0);
        assertThat(Rouge.rougeL("something", "")).isEqualTo(0.0);
    }

    @Test
    void lcsFMeasureAsInLin2004() {
        // reference 6 tokens, candidate 5 tokens, LCS "the cat on the mat" = 5: P = 5/5, R = 5/6
        double f = Rouge.rougeL("the cat sat on the mat", "the cat on the mat");
        assertThat(f).isCloseTo(2 * 1.0 * (5.0 / 6) / (1.0 + 5.0 / 6), within(1e-12));
        // order matters: a subsequence, not a bag of words
        assertThat(Rouge.rougeL("a b c d", "d c b a")).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void tokensAreLowerCasedLettersAndDigitsOfAnyScript() {
        assertThat(Rouge.tokens("Le train part à huit heures, 8h!")).containsExactly("le", "train", "part", "à", "huit",
                "heures", "8h");
    }
}
