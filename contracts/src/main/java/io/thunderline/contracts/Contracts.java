package io.thunderline.contracts;

/** Version of every event body written by this code base. Bump when a body changes incompatibly. */
public final class Contracts {
    public static final int SCHEMA_VERSION = 1;
    /** ce_source of events produced by a service: "/thunderline/<service>". */
    public static final String SOURCE_PREFIX = "/thunderline/";
    /** The longest prompt preview carried in a training request. */
    public static final int PROMPT_PREVIEW_MAX = 100;

    private Contracts() {
    }

    public static String preview(String text) {
        if (text == null) {
            return "";
        }
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() <= PROMPT_PREVIEW_MAX ? flat : flat.substring(0, PROMPT_PREVIEW_MAX - 1) + "…";
    }
}
