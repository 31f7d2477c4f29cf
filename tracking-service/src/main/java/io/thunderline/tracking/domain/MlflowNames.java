package io.thunderline.tracking.domain;

import java.util.Locale;

/** MLflow's rules for names and values, applied before anything is sent. */
public final class MlflowNames {
    /** MLflow refuses longer keys (metrics, params, tags). */
    public static final int MAX_KEY_LENGTH = 250;
    /** MLflow 2.x/3.x refuse longer param values. */
    public static final int MAX_PARAM_VALUE_LENGTH = 6000;
    /** MLflow refuses longer tag values. */
    public static final int MAX_TAG_VALUE_LENGTH = 8000;

    private MlflowNames() {
    }

    /** Keeps letters, digits, '_', '-', '.', ' ' and '/' (what MLflow accepts); anything else becomes '_'. */
    public static String key(String raw) {
        StringBuilder b = new StringBuilder(raw.length());
        for (char c : raw.strip().toCharArray()) {
            boolean ok = Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '-' || c == '.' || c == ' ' || c == '/';
            b.append(ok ? c : '_');
        }
        String key = b.isEmpty() ? "_" : b.toString();
        return key.length() <= MAX_KEY_LENGTH ? key : key.substring(0, MAX_KEY_LENGTH);
    }

    public static String paramValue(String value) {
        return clip(value, MAX_PARAM_VALUE_LENGTH);
    }

    public static String tagValue(String value) {
        return clip(value, MAX_TAG_VALUE_LENGTH);
    }

    private static String clip(String value, int max) {
        if (value == null) {
            return "";
        }
        if (value.length() <= max) {
            return value;
        }
        String marker = "…(truncated)";
        return value.substring(0, max - marker.length()) + marker;
    }

    public static String experimentName(String prefix, String modelTypeWire) {
        return prefix + modelTypeWire.toLowerCase(Locale.ROOT);
    }
}
