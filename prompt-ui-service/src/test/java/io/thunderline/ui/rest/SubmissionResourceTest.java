package io.thunderline.ui.rest;

import io.thunderline.ui.service.FormError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SubmissionResourceTest {
    @Test
    void anUploadSwitchIsTrueFalseOrAbsentAndAnythingElseIsRefusedNamingIt() {
        assertThat(SubmissionResource.flag("useUpm", "true")).isTrue();
        assertThat(SubmissionResource.flag("useUpm", " On ")).isTrue();
        assertThat(SubmissionResource.flag("useUpm", "false")).isFalse();
        assertThat(SubmissionResource.flag("useUpm", null)).isNull();
        assertThat(SubmissionResource.flag("useUpm", "")).isNull();

        FormError e = catchThrowableOfType(() -> SubmissionResource.flag("trackMlflow", "maybe"), FormError.class);
        assertThat(e.field()).isEqualTo("trackMlflow");
        assertThat(e.getMessage()).contains("'maybe'").contains("trackMlflow=true");
    }
}
