package io.thunderline.dataset.parse;

import io.thunderline.contracts.ModelType;

import static io.thunderline.dataset.parse.Fixtures.lines;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CanonicalCsvTest {

    private static ParseResult reread(String csv, ModelType type) throws IOException {
        return CsvDatasetReader.read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), type,
                CsvDatasetReader.DEFAULT_MAX_BYTES);
    }

    @Test
    void classificationCsv() throws IOException {
        ParseResult parsed = PromptParser.parse(lines(
                "Classify customer sentiment:",
                "1. \"I love this product!\" -> positive",
                "2. \"Good, but \"slow\"\" -> neutral"), ModelType.SENTIMENT_ANALYSIS);
        String csv = CanonicalCsv.toCsv(parsed);
        assertThat(csv).isEqualTo("text,label\r\nI love this product!,positive\r\n\"Good, but \"\"slow\"\"\",neutral\r\n");
        ParseResult back = reread(csv, ModelType.SENTIMENT_ANALYSIS);
        assertThat(back.ok()).isTrue();
        assertThat(CanonicalCsv.toCsv(back)).isEqualTo(csv);
    }

    @Test
    void instructionCsv() throws IOException {
        ParseResult parsed = PromptParser.parse(lines(
                "Task: Summarize", "Input: Line one,", "line two", "Expected: Short", "", "Task: Say hi", "Expected: hi"),
                ModelType.INSTRUCTION_FOLLOWING);
        String csv = CanonicalCsv.toCsv(parsed);
        assertThat(csv).isEqualTo(
                "instruction,input,output\r\nSummarize,\"Line one,\nline two\",Short\r\nSay hi,,hi\r\n");
        assertThat(CanonicalCsv.toCsv(reread(csv, ModelType.INSTRUCTION_FOLLOWING))).isEqualTo(csv);
    }

    @Test
    void chatCsvHasOneRowPerAssistantTurn() throws IOException {
        ParseResult parsed = PromptParser.parse(lines(
                "User: Hi", "Assistant: Hello!", "User: Where is my order?", "Assistant: It ships tomorrow.", "",
                "Q: 2+2?", "A: 4"), ModelType.GENERAL_CHAT);
        String csv = CanonicalCsv.toCsv(parsed);
        assertThat(csv).isEqualTo("prompt,response\r\n"
                + "Hi,Hello!\r\n"
                + "\"User: Hi\nAssistant: Hello!\nUser: Where is my order?\",It ships tomorrow.\r\n"
                + "2+2?,4\r\n");
        ParseResult back = reread(csv, ModelType.GENERAL_CHAT);
        assertThat(back.ok()).isTrue();
        assertThat(CanonicalCsv.toCsv(back)).isEqualTo(csv);
    }
}
