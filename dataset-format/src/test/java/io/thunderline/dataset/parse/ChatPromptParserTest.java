package io.thunderline.dataset.parse;

import static io.thunderline.dataset.parse.Fixtures.lines;
import static io.thunderline.dataset.parse.Fixtures.rows;
import static io.thunderline.dataset.parse.Fixtures.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChatPromptParserTest {

    @Test
    void singleExchanges() {
        ParseResult result = ChatPromptParser.parse(lines(
                "Customer support chats:",
                "",
                "User: Hi, where is my order?",
                "Assistant: Could you give me the order number?",
                "",
                "User: Thanks!",
                "Assistant: You're welcome."));
        assertThat(result.ok()).isTrue();
        assertThat(result.taskDescription()).isEqualTo("Customer support chats");
        assertThat(rows(result)).containsExactly(
                "Hi, where is my order? | Could you give me the order number?", "Thanks! | You're welcome.");
        assertThat(result.examples()).extracting(Example::line).containsExactly(3, 6);
    }

    @Test
    void multiTurnConversationGivesOneExamplePerAssistantTurn() {
        ParseResult result = ChatPromptParser.parse(lines(
                "User: Hi",
                "Assistant: Hello! How can I help?",
                "User: Where is my order?",
                "Assistant: It ships tomorrow."));
        assertThat(result.examples()).hasSize(2);
        ChatExample second = (ChatExample) result.examples().get(1);
        assertThat(second.turns()).extracting(Turn::role).containsExactly(
                Turn.Role.USER, Turn.Role.ASSISTANT, Turn.Role.USER, Turn.Role.ASSISTANT);
        assertThat(second.turns()).extracting(Turn::line).containsExactly(1, 2, 3, 4);
        assertThat(result.examples().get(0).csvRow()).containsExactly("Hi", "Hello! How can I help?");
        assertThat(second.csvRow()).containsExactly(
                "User: Hi\nAssistant: Hello! How can I help?\nUser: Where is my order?", "It ships tomorrow.");
    }

    @Test
    void qAndAHumanAndAiKeysInAnyCase() {
        ParseResult result = ChatPromptParser.parse(lines(
                "Q: Capital of France?", "A: Paris.", "", "human: 2+2?", "AI: 4", "", "Question: Sky colour?",
                "Answer: Blue"));
        assertThat(rows(result)).containsExactly("Capital of France? | Paris.", "2+2? | 4", "Sky colour? | Blue");
    }

    @Test
    void turnsSpanLinesAndParagraphs() {
        ParseResult result = ChatPromptParser.parse(lines(
                "User: Write a haiku",
                "about rain",
                "Assistant: Soft rain on the roof",
                "",
                "second stanza"));
        assertThat(rows(result)).containsExactly("Write a haiku\nabout rain | Soft rain on the roof\n\nsecond stanza");
    }

    @Test
    void assistantAfterBlankLineAnswersAnUnansweredUserTurn() {
        ParseResult result = ChatPromptParser.parse(lines("User: Hi", "", "Assistant: Hello"));
        assertThat(rows(result)).containsExactly("Hi | Hello");
    }

    @Test
    void trailingUserTurnWithoutReplyIsDroppedWithAWarning() {
        ParseResult result = ChatPromptParser.parse(lines("User: Hi", "Assistant: Hello", "User: Bye"));
        assertThat(rows(result)).containsExactly("Hi | Hello");
        assertThat(warnings(result)).containsExactly(
                "line 3: this user turn has no reply and is not used; add a line `Assistant: <the reply>` after it");
        assertThat(result.ok()).isTrue();
    }

    @Test
    void duplicateExchangeIsDroppedWithAWarning() {
        ParseResult result = ChatPromptParser.parse(lines("User: Hi", "Assistant: Hello", "", "User: Hi",
                "Assistant: Hello"));
        assertThat(rows(result)).containsExactly("Hi | Hello");
        assertThat(warnings(result)).containsExactly(
                "line 4: duplicate of line 1 (same conversation and reply); this line is dropped");
    }

    @Test
    void chatExampleOfTwoTurnsAndConsecutiveUserTurns() {
        assertThat(ChatExample.of("p", "r", 3).csvRow()).containsExactly("p", "r");
        ChatExample twoUsers = new ChatExample(List.of(Turn.user("a", 1), Turn.user("b", 2),
                Turn.assistant("c", 3)), 1);
        assertThat(twoUsers.prompt()).isEqualTo("User: a\nUser: b");
    }
}
