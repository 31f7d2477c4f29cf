package io.thunderline.dataset.parse;

import io.thunderline.contracts.ModelType;

import static io.thunderline.dataset.parse.Fixtures.errors;
import static io.thunderline.dataset.parse.Fixtures.lines;
import static io.thunderline.dataset.parse.Fixtures.rows;
import static io.thunderline.dataset.parse.Fixtures.warnings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassificationPromptParserTest {

    private static ParseResult parse(String text) {
        return ClassificationPromptParser.parse(text, ModelType.TEXT_CLASSIFICATION);
    }

    @Test
    void guideExampleWithHeadingNumberingAndQuotes() {
        ParseResult result = ClassificationPromptParser.parse(lines(
                "Classify customer sentiment:",
                "",
                "1. \"I love this product!\" -> positive",
                "2. \"Not what I expected\" -> negative",
                "3. \"It works fine\" -> neutral"), ModelType.SENTIMENT_ANALYSIS);

        assertThat(result.ok()).isTrue();
        assertThat(result.type()).isEqualTo(ModelType.SENTIMENT_ANALYSIS);
        assertThat(result.taskDescription()).isEqualTo("Classify customer sentiment");
        assertThat(rows(result)).containsExactly(
                "I love this product! | positive", "Not what I expected | negative", "It works fine | neutral");
        assertThat(result.examples()).extracting(Example::line).containsExactly(3, 4, 5);
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void arrowWithoutNumberingOrQuotes() {
        ParseResult result = parse(lines("I love this product! -> positive", "Broke after a day -> negative"));
        assertThat(rows(result)).containsExactly("I love this product! | positive", "Broke after a day | negative");
        assertThat(result.taskDescription()).isEmpty();
    }

    @Test
    void numberingAndBulletStyles() {
        ParseResult result = parse(lines(
                "1. one -> a",
                "2) two -> a",
                "(3) three -> b",
                "- four -> b",
                "* five -> c",
                "• six -> c",
                "7.\"seven\" -> d"));
        assertThat(rows(result)).containsExactly(
                "one | a", "two | a", "three | b", "four | b", "five | c", "six | c", "seven | d");
    }

    @Test
    void numbersThatAreNotNumberingStayInTheText() {
        ParseResult result = parse(lines("3.5 stars is fine -> neutral", "-5 degrees is too cold -> negative"));
        assertThat(rows(result)).containsExactly("3.5 stars is fine | neutral", "-5 degrees is too cold | negative");
    }

    @Test
    void straightAndTypographicQuotes() {
        ParseResult result = parse(lines(
                "\"double\" -> a",
                "“curly double” -> a",
                "'single' -> b",
                "‘curly single’ -> b",
                "„German“ -> c",
                "«French» -> c",
                "'tis the season -> d",
                "\"He said \"wow\"\" -> d"));
        assertThat(rows(result)).containsExactly(
                "double | a", "curly double | a", "single | b", "curly single | b", "German | c", "French | c",
                "'tis the season | d", "He said \"wow\" | d");
    }

    @Test
    void lastArrowSeparatesSoTextMayContainArrows() {
        ParseResult result = parse(lines("\"a -> b is an arrow\" -> neutral", "x → y → symbol"));
        assertThat(rows(result)).containsExactly("a -> b is an arrow | neutral", "x → y | symbol");
    }

    @Test
    void tabSeparated() {
        ParseResult result = parse(lines("I love this product!\tpositive", "\"Not great\"\tNegative"));
        assertThat(rows(result)).containsExactly("I love this product! | positive", "Not great | negative");
    }

    @Test
    void labelColonText() {
        ParseResult result = parse(lines("positive: I love this product!", "negative: \"Not what I expected\"",
                "2. Neutral: It works fine"));
        assertThat(rows(result)).containsExactly(
                "I love this product! | positive", "Not what I expected | negative", "It works fine | neutral");
    }

    @Test
    void labelsAreTrimmedUnquotedLowerCasedAndStrippedOfTrailingPunctuation() {
        ParseResult result = parse(lines("a ->   POSITIVE  ", "b -> \"Negative\"", "c -> Very   Positive.",
                "d -> neutral;"));
        assertThat(result.examples()).extracting(e -> ((ClassificationExample) e).label())
                .containsExactly("positive", "negative", "very positive", "neutral");
    }

    @Test
    void headingsBeforeTheFirstExampleFormTheDescription() {
        ParseResult result = parse(lines(
                "# Product reviews",
                "Classify reviews: positive or negative",
                "Labels: positive, negative",
                "",
                "Great -> positive",
                "Bad -> negative"));
        assertThat(result.taskDescription())
                .isEqualTo("Product reviews\nClassify reviews: positive or negative\nLabels: positive, negative");
        assertThat(rows(result)).containsExactly("Great | positive", "Bad | negative");
        assertThat(result.errors()).isEmpty();
    }

    @Test
    void headingAfterExamplesIsIgnoredWithAWarning() {
        ParseResult result = parse(lines("Great -> positive", "More examples:", "Bad -> negative"));
        assertThat(rows(result)).containsExactly("Great | positive", "Bad | negative");
        assertThat(warnings(result)).containsExactly(
                "line 2: 'More examples:' looks like a heading and was ignored; headings are only read before the"
                        + " first example");
    }

    @Test
    void blankLinesAndCrLfAreFine() {
        ParseResult result = parse("\uFEFFGreat -> positive\r\n\r\n   \r\nBad -> negative\r\n");
        assertThat(rows(result)).containsExactly("Great | positive", "Bad | negative");
        assertThat(result.examples()).extracting(Example::line).containsExactly(1, 4);
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void duplicateIsDroppedWithAWarningNamingBothLines() {
        ParseResult result = parse(lines("Great -> positive", "Bad -> negative", "Great   -> Positive"));
        assertThat(result.ok()).isTrue();
        assertThat(rows(result)).containsExactly("Great | positive", "Bad | negative");
        assertThat(warnings(result)).containsExactly(
                "line 3: duplicate of line 1 (same text and label); this line is dropped");
    }

    @Test
    void sameTextWithAnotherLabelIsAnErrorNamingBothLines() {
        ParseResult result = parse(lines("Great -> positive", "Bad -> negative", "Great -> negative"));
        assertThat(result.ok()).isFalse();
        assertThat(errors(result)).containsExactly(
                "line 3: the same text is labelled 'negative' here and 'positive' on line 1; keep one label per text:"
                        + " fix or delete one of the two lines");
    }

    @Test
    void labelCountsOfTheParse() {
        ParseResult result = parse(lines("a -> pos", "b -> neg", "c -> pos", "d -> neu", "e -> neg", "f -> pos"));
        assertThat(result.labelCounts()).containsExactly(Map.entry("pos", 3), Map.entry("neg", 2), Map.entry("neu", 1));
    }

    @Test
    void emptyTextGivesNoExamplesAndNoErrors() {
        ParseResult result = parse("  \n\n");
        assertThat(result.examples()).isEmpty();
        assertThat(result.errors()).isEmpty();
    }

    @Test
    void refusesNonClassificationTypes() {
        assertThatThrownBy(() -> ClassificationPromptParser.parse("a -> b", ModelType.GENERAL_CHAT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorsDoNotStopTheRestOfTheParse() {
        ParseResult result = parse(lines("Great -> positive", "no label here", "Bad -> negative"));
        assertThat(rows(result)).containsExactly("Great | positive", "Bad | negative");
        assertThat(result.errors()).hasSize(1);
    }
}
