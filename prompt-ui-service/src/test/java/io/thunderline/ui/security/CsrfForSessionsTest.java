package io.thunderline.ui.security;

import jakarta.ws.rs.core.MediaType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CsrfForSessionsTest {
    @Test
    void jsonCallsOnTheSessionCookieNeedTheHeader() {
        assertThat(CsrfForSessions.needsHeader("POST", null, MediaType.APPLICATION_JSON_TYPE, null)).isTrue();
        assertThat(CsrfForSessions.needsHeader("POST", null, MediaType.APPLICATION_JSON_TYPE, "tok")).isFalse();
        assertThat(CsrfForSessions.needsHeader("DELETE", null, null, null)).isTrue();
    }

    @Test
    void safeMethodsFormsAndBasicAuthScriptsDoNot() {
        assertThat(CsrfForSessions.needsHeader("GET", null, null, null)).isFalse();
        assertThat(CsrfForSessions.needsHeader("POST", "Basic ZGVtbzpkZW1v", MediaType.APPLICATION_JSON_TYPE, null)).isFalse();
        assertThat(CsrfForSessions.needsHeader("POST", null, MediaType.APPLICATION_FORM_URLENCODED_TYPE, null)).isFalse();
        assertThat(CsrfForSessions.needsHeader("POST", null, MediaType.valueOf("multipart/form-data; boundary=x"), null)).isFalse();
    }

    @Test
    void viewersSeeTheirOwnJobsAndAdminsAll() {
        assertThat(new Viewer("demo", false).maySee("demo")).isTrue();
        assertThat(new Viewer("demo", false).maySee("alice")).isFalse();
        assertThat(new Viewer("demo", false).maySee(null)).isFalse();
        assertThat(new Viewer("admin", true).maySee(null)).isTrue();
    }
}
