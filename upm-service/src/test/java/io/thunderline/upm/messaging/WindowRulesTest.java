package io.thunderline.upm.messaging;

import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.FeatureWindow;
import io.thunderline.contracts.InvalidEventException;
import io.thunderline.contracts.ModelType;
import io.thunderline.upm.wire.TestTexts;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WindowRulesTest {
    final FeatureWindow good = TestTexts.window("w", ModelType.SENTIMENT_ANALYSIS, TestTexts.examples(4, 1), false);

    FeatureWindow with(ModelType family, FeatureWindow.FeatureSpecBody spec, List<FeatureWindow.FeatureRow> rows) {
        return new FeatureWindow(Contracts.SCHEMA_VERSION, "w", family, spec, rows, "j", Instant.now());
    }

    @Test
    void acceptsWhatTheTrainerSends() {
        assertThatCode(() -> WindowRules.check(good)).doesNotThrowAnyException();
    }

    @Test
    void refusesWindowsTheLearnerCannotUseNamingTheField() {
        assertThatThrownBy(() -> WindowRules.check(with(ModelType.GENERAL_CHAT, good.featureSpec(), good.rows())))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("'family'").hasMessageContaining("general_chat");
        assertThatThrownBy(() -> WindowRules.check(with(ModelType.SENTIMENT_ANALYSIS,
                new FeatureWindow.FeatureSpecBody(262144, 1, 3, 5), good.rows())))
                .hasMessageContaining("'featureSpec'").hasMessageContaining("wordNgramMax 2");
        assertThatThrownBy(() -> WindowRules.check(with(ModelType.SENTIMENT_ANALYSIS, good.featureSpec(),
                List.of(new FeatureWindow.FeatureRow(new int[]{5, 3}, new float[]{1, 1}, "x")))))
                .hasMessageContaining("'rows[0].indices' must be strictly increasing");
        assertThatThrownBy(() -> WindowRules.check(with(ModelType.SENTIMENT_ANALYSIS, good.featureSpec(),
                List.of(new FeatureWindow.FeatureRow(new int[]{3}, new float[]{Float.NaN}, "x")))))
                .hasMessageContaining("'rows[0].values'");
    }
}
