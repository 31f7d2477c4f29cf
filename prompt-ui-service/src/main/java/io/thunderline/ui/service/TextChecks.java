package io.thunderline.ui.service;

import java.nio.charset.StandardCharsets;

/**
 * Text that is not text: a pasted or uploaded binary file (an image, a zip, a PDF) is refused as such before
 * dataset-service would parse it line by line and complain about a missing label.
 */
public final class TextChecks {
    /** Control characters other than tab, CR, LF (or U+FFFD, an undecodable byte) above this share mean binary. */
    static final double MAX_CONTROL_SHARE = 0.01;

    private TextChecks() {
    }

    public static void refuseBinary(String text, String field) {
        String why = binary(text);
        if (why != null) {
            throw new FormError(field, "This looks like binary data, not text (" + why + "). Paste plain text with one "
                    + "example per line, or upload a CSV file saved as UTF-8 text.");
        }
    }

    public static void refuseBinary(byte[] content, String field) {
        for (byte b : content) {
            if (b == 0) {
                refuseBinary("\0", field);
            }
        }
        refuseBinary(new String(content, StandardCharsets.UTF_8), field);
    }

    /** Why {@code text} is binary (NUL or too many control characters), or null if it is text. */
    public static String binary(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        int nulAt = text.indexOf('\0');
        if (nulAt >= 0) {
            return "it contains NUL characters, the first at character " + (nulAt + 1);
        }
        int control = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f || c == '\uFFFD') {
                control++;
            }
        }
        if (control >= 3 && control > text.length() * MAX_CONTROL_SHARE) {
            return control + " control or undecodable characters in " + text.length();
        }
        return null;
    }
}
