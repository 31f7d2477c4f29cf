package io.thunderline.llm;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChatMessageTest {

    @Test
    void multiTurnPromptsAsDatasetServiceWritesThemBecomeTurns() {
        List<ChatMessage> turns = ChatMessage.parseTurns("User: My sauce is too salty.\nAssistant: Add cream.\n"
                + "User: And if it is too thin?\nIt must be thick.");
        assertThat(turns).containsExactly(ChatMessage.user("My sauce is too salty."), ChatMessage.assistant("Add cream."),
                ChatMessage.user("And if it is too thin?\nIt must be thick."));
        assertThat(ChatMessage.parseTurns("Translate to French\nUser: hello")).containsExactly(
                ChatMessage.user("Translate to French\nUser: hello"));
    }

    @Test
    void theChatTemplateIsChatMlEndingWithTheAssistantsTurn() {
        String prompt = InstructModel.chatTemplate(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi")));
        assertThat(prompt).isEqualTo("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
                + "<|im_start|>assistant\n");
        assertThat(InstructModel.clean(" Bonjour.<|im_end|>\nrest")).isEqualTo("Bonjour.");
    }

    @Test
    void examplesGoBeforeTheRequestNearestLast() {
        var near = List.of(new ExampleIndex.Neighbour(1, new io.thunderline.ml.model.PromptResponse("q1", "a1"), 0.9),
                new ExampleIndex.Neighbour(0, new io.thunderline.ml.model.PromptResponse("q0", "a0"), 0.5));
        List<ChatMessage> m = RetrievalChatModel.messages(near, List.of(), "question");
        assertThat(m).extracting(ChatMessage::content).containsExactly(RetrievalChatModel.FEW_SHOT_SYSTEM_PROMPT,
                "q0", "a0", "q1", "a1", "question");
        assertThat(RetrievalChatModel.flatten(List.of(ChatMessage.user("hi"), ChatMessage.assistant("hello")), "and?"))
                .isEqualTo("User: hi\nAssistant: hello\nUser: and?");
    }
}
