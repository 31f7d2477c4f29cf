package io.thunderline.llm;

/** The pretrained model file is missing or is not the pinned file; the message names the file and the fix. */
public final class ModelUnavailableException extends RuntimeException {

    private final String path;

    public ModelUnavailableException(String path, String message) {
        super(message);
        this.path = path;
    }

    /** The file that was looked for. */
    public String path() {
        return path;
    }
}
