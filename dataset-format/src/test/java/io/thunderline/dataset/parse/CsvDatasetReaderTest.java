package io.thunderline.dataset.parse;

import io.thunderline.contracts.ModelType;

import static io.thunderline.dataset.parse.Fixtures.errors;
import static io.thunderline.dataset.parse.Fixtures.rows;
import static io.thunderline.dataset.parse.Fixtures.warnings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvDatasetReaderTest {

    private static final long MB = 1024 * 1024;

    private static ParseResult read(String csv, ModelType type) throws IOException {
        return read(csv.getBytes(StandardCharsets.UTF_8), type);
    }

    private static ParseResult read(byte[] bytes, ModelType type) throws IOException {
        return CsvDatasetReader.read(new ByteArrayInputStream(bytes), type, MB);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void classificationWithHeader() throws IOException {
        ParseResult result = read("text,label\r\nI love it,Positive\r\nBroke in a day,negative\r\n",
                ModelType.TEXT_CLASSIFICATION);
        assertThat(result.ok()).isTrue();
        assertThat(result.warnings()).isEmpty();
        assertThat(rows(result)).containsExactly("I love it | positive", "Broke in a day | negative");
        assertThat(result.examples()).extracting(Example::line).containsExactly(2, 3);
    }

    @Test
    void headerIsCaseInsensitiveInAnyOrderWithSynonymsAndExtraColumns() throws IOException {
        ParseResult result = read("ID, Category ,Sentence\n1,pos,Great\n2,neg,Awful\n", ModelType.SENTIMENT_ANALYSIS);
        assertThat(rows(result)).containsExactly("Great | pos", "Awful | neg");
        assertThat(warnings(result)).containsExactly("line 1: column 'ID' is ignored; only the columns text,label are read");
    }

    @Test
    void withoutHeaderTheFirstRowIsData() throws IOException {
        ParseResult result = read("I love it,positive\nAwful,negative", ModelType.TEXT_CLASSIFICATION);
        assertThat(rows(result)).containsExactly("I love it | positive", "Awful | negative");
        assertThat(warnings(result)).containsExactly(
                "line 1: no header row, so the columns are read in the order text,label; add the header row"
                        + " `text,label` to name them");
        assertThat(result.ok()).isTrue();
    }

    @Test
    void quotedCommasQuotesAndNewlines() throws IOException {
        String csv = "text,label\n"
                + "\"Good, but slow\",neutral\n"
                + "\"She said \"\"wow\"\"\",positive\n"
                + "\"first line\nsecond line\",negative\n"
                + "after,positive\n";
        ParseResult result = read(csv, ModelType.TEXT_CLASSIFICATION);
        assertThat(result.errors()).isEmpty();
        assertThat(result.examples()).extracting(e -> ((ClassificationExample) e).text())
                .containsExactly("Good, but slow", "She said \"wow\"", "first line\nsecond line", "after");
        assertThat(result.examples()).extracting(Example::line).containsExactly(2, 3, 4, 6);
    }

    @Test
    void byteOrderMarkIsSkipped() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        ParseResult result = read(concat(bom, utf8("text,label\nCafé crème,positive\n")), ModelType.TEXT_CLASSIFICATION);
        assertThat(result.warnings()).isEmpty(); // the header was recognised despite the BOM
        assertThat(rows(result)).containsExactly("Café crème | positive");
    }

    @Test
    void invalidUtf8IsRefusedWithItsLine() throws IOException {
        byte[] latin1 = "text,label\nok,positive\nCaf\u00e9,negative\n".getBytes(StandardCharsets.ISO_8859_1);
        ParseResult result = read(latin1, ModelType.TEXT_CLASSIFICATION);
        assertThat(errors(result)).containsExactly("line 3: the file is not valid UTF-8; save it as UTF-8 and upload again");
        assertThat(result.ok()).isFalse();
    }

    @Test
    void truncatedUtf8SequenceAtTheEndIsRefused() throws IOException {
        byte[] bytes = concat(utf8("text,label\nok,positive\nbad,neg"), new byte[] {(byte) 0xE2, (byte) 0x82});
        assertThat(errors(read(bytes, ModelType.TEXT_CLASSIFICATION)))
                .containsExactly("line 3: the file is not valid UTF-8; save it as UTF-8 and upload again");
    }

    @Test
    void utf16IsRefusedAsNotUtf8() throws IOException {
        byte[] utf16 = concat(new byte[] {(byte) 0xFF, (byte) 0xFE},
                "text,label\n".getBytes(StandardCharsets.UTF_16LE));
        assertThat(errors(read(utf16, ModelType.TEXT_CLASSIFICATION)))
                .containsExactly("line 1: the file is not valid UTF-8; save it as UTF-8 and upload again");
    }

    @Test
    void nulByteIsRefused() throws IOException {
        ParseResult result = read("text,label\nok,positive\nbad\0,negative\n", ModelType.TEXT_CLASSIFICATION);
        assertThat(errors(result)).containsExactly(
                "line 3, column 4: the file contains a NUL byte; it may be a spreadsheet (.xlsx) or a UTF-16 file;"
                        + " save it as CSV UTF-8 and upload again");
    }

    @Test
    void fileOverTheSizeLimitIsRefusedNamingTheLimit() throws IOException {
        byte[] csv = utf8("text,label\n" + "some text,positive\n".repeat(100));
        ParseResult result = CsvDatasetReader.read(new ByteArrayInputStream(csv), ModelType.TEXT_CLASSIFICATION, 1024);
        assertThat(errors(result)).containsExactly("the file is larger than the limit of 1 KB; split it into smaller files");

        ParseResult big = CsvDatasetReader.read(new ByteArrayInputStream(csv), ModelType.TEXT_CLASSIFICATION, 1000);
        assertThat(errors(big)).containsExactly(
                "the file is larger than the limit of 1,000 bytes; split it into smaller files");
    }

    @Test
    void fileOfExactlyTheLimitIsAccepted() throws IOException {
        byte[] csv = utf8("text,label\na,x\nb,x\nc,y\nd,y\n");
        ParseResult result = CsvDatasetReader.read(new ByteArrayInputStream(csv), ModelType.TEXT_CLASSIFICATION,
                csv.length);
        assertThat(result.ok()).isTrue();
        assertThat(result.exampleCount()).isEqualTo(4);
    }

    @Test
    void unlimitedSizeDoesNotOverflow() throws IOException {
        ParseResult result = CsvDatasetReader.read(new ByteArrayInputStream(utf8("a,x\nb,x\n")),
                ModelType.TEXT_CLASSIFICATION, Long.MAX_VALUE);
        assertThat(rows(result)).containsExactly("a | x", "b | x");
    }

    @Test
    void defaultLimitIsFiftyMegabytes() {
        assertThat(CsvDatasetReader.DEFAULT_MAX_BYTES).isEqualTo(50L * 1024 * 1024);
    }

    @Test
    void wrongColumnCountsAreErrorsWithHints() throws IOException {
        String csv = "text,label\n"
                + "Good, but slow,neutral\n"
                + "just text\n"
                + "fine,positive,\n"
                + "also fine,positive\n";
        ParseResult result = read(csv, ModelType.TEXT_CLASSIFICATION);
        assertThat(errors(result)).containsExactly(
                "line 2: expected 2 columns, as in the header, but found 3; put double quotes around a value that"
                        + " contains a comma, like \"Good, but slow\"",
                "line 3: expected 2 columns, as in the header, but found 1; every row needs a value for each of the"
                        + " 2 columns");
        assertThat(rows(result)).containsExactly("fine | positive", "also fine | positive"); // trailing empty cell ok
    }

    @Test
    void semicolonSeparatedFileGetsASpecificHint() throws IOException {
        ParseResult result = read("I love it;positive\n", ModelType.TEXT_CLASSIFICATION);
        assertThat(errors(result)).containsExactly(
                "line 1: expected 2 columns (text,label) but found 1; the values seem to be separated by ';'; save"
                        + " the file as comma-separated CSV");
    }

    @Test
    void emptyValuesAreErrorsNamingTheColumn() throws IOException {
        ParseResult result = read("text,label\n,positive\nGreat,\n\"  \",\" \"\n", ModelType.TEXT_CLASSIFICATION);
        assertThat(errors(result)).containsExactly(
                "line 2, column 1: the text is empty; write the example text",
                "line 3, column 2: the label is empty; write the class of the text, like `positive`");
        assertThat(warnings(result)).containsExactly("line 4: skipped 1 blank row (the first one here)");
    }

    @Test
    void blankRowsAreSkippedAndCounted() throws IOException {
        ParseResult result = read("text,label\n\na,x\n,\n\nb,y\n", ModelType.TEXT_CLASSIFICATION);
        assertThat(rows(result)).containsExactly("a | x", "b | y");
        assertThat(result.examples()).extracting(Example::line).containsExactly(3, 6);
        assertThat(warnings(result)).containsExactly("line 2: skipped 3 blank rows (the first one here)");
    }

    @Test
    void unclosedQuoteIsRefusedWithTheLineItStartsOn() throws IOException {
        ParseResult result = read("text,label\na,x\n\"never closed,y\nb,z\n", ModelType.TEXT_CLASSIFICATION);
        assertThat(errors(result)).containsExactly(
                "line 3: a quoted value that starts on this line is never closed; add the closing double quote (\")");
    }

    @Test
    void linesPastOneThousandAreReportedExactly() throws IOException {
        // the CSV library writes "startline 2,502": the grouping separator must not cut the number
        StringBuilder csv = new StringBuilder("text,label\r\n");
        for (int i = 0; i < 2500; i++) {
            csv.append("row ").append(i).append(',').append(i % 2 == 0 ? "x" : "y").append("\r\n");
        }
        ParseResult unclosed = read(csv + "\"never closed,x\r\n", ModelType.TEXT_CLASSIFICATION);
        assertThat(errors(unclosed)).containsExactly(
                "line 2502: a quoted value that starts on this line is never closed; add the closing double quote (\")");
        ParseResult trailing = read(csv + "\"quoted\" more,y\r\n", ModelType.TEXT_CLASSIFICATION);
        assertThat(errors(trailing)).hasSize(1).first().asString().startsWith("line 2502: there is text after");
    }

    @Test
    void textAfterAClosingQuoteIsRefused() throws IOException {
        ParseResult result = read("text,label\na,x\n\"quoted\" more,y\n", ModelType.TEXT_CLASSIFICATION);
        assertThat(errors(result)).containsExactly(
                "line 3: there is text after the closing quote of a value; inside a quoted value write a double"
                        + " quote as two double quotes (\"\")");
    }

    @Test
    void emptyFile() throws IOException {
        assertThat(errors(read("", ModelType.GENERAL_CHAT)))
                .containsExactly("the file is empty; upload a CSV file with the columns prompt,response");
    }

    @Test
    void duplicatesAndConflictsNameBothLines() throws IOException {
        ParseResult result = read("text,label\na,x\nb,y\na,x\n\"multi\nline\",z\nb,x\n", ModelType.TEXT_CLASSIFICATION);
        assertThat(warnings(result)).containsExactly(
                "line 4: duplicate of line 2 (same text and label); this line is dropped");
        assertThat(errors(result)).containsExactly(
                "line 7: the same text is labelled 'x' here and 'y' on line 3; keep one label per text: fix or delete"
                        + " one of the two lines");
    }

    @Test
    void labelTooLongSuggestsSwappedColumns() throws IOException {
        ParseResult result = read("positive,This is a very long review text that is clearly not a label at all!\n",
                ModelType.TEXT_CLASSIFICATION);
        assertThat(errors(result)).containsExactly(
                "line 1, column 2: the label is 67 characters long (at most 64); a label is a short class name like"
                        + " `positive`; check that text and label are not swapped");
    }

    @Test
    void instructionWithHeaderAndOptionalInput() throws IOException {
        ParseResult result = read("Instruction,Input,Output\nTranslate,Hello,Bonjour\nName a colour,,Red\n",
                ModelType.INSTRUCTION_FOLLOWING);
        assertThat(result.errors()).isEmpty();
        assertThat(result.examples()).containsExactly(
                new InstructionExample("Translate", "Hello", "Bonjour", 2),
                new InstructionExample("Name a colour", "", "Red", 3));
    }

    @Test
    void instructionHeaderWithoutInputColumnAndSynonyms() throws IOException {
        ParseResult result = read("task,expected\nName a colour,Red\n", ModelType.INSTRUCTION_FOLLOWING);
        assertThat(rows(result)).containsExactly("Name a colour |  | Red");
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void instructionWithoutHeaderByColumnCount() throws IOException {
        assertThat(rows(read("Translate,Hello,Bonjour\n", ModelType.INSTRUCTION_FOLLOWING)))
                .containsExactly("Translate | Hello | Bonjour");
        assertThat(rows(read("Name a colour,Red\n", ModelType.INSTRUCTION_FOLLOWING)))
                .containsExactly("Name a colour |  | Red");
    }

    @Test
    void instructionMissingOutput() throws IOException {
        ParseResult result = read("instruction,input,output\nDo it,x,\n", ModelType.INSTRUCTION_FOLLOWING);
        assertThat(errors(result)).containsExactly("line 2, column 3: the output is empty; write the expected answer");
    }

    @Test
    void chatWithHeader() throws IOException {
        ParseResult result = read("prompt,response\n\"User: Hi\nAssistant: Hello\nUser: Order?\",Tomorrow\nQ,A\n",
                ModelType.GENERAL_CHAT);
        assertThat(result.errors()).isEmpty();
        assertThat(result.examples().get(0).csvRow())
                .containsExactly("User: Hi\nAssistant: Hello\nUser: Order?", "Tomorrow");
        assertThat(rows(result)).hasSize(2);
    }

    @Test
    void chatMissingResponse() throws IOException {
        ParseResult result = read("prompt,response\nHi,\n", ModelType.GENERAL_CHAT);
        assertThat(errors(result)).containsExactly("line 2, column 2: the response is empty; write the assistant's reply");
    }

    @Test
    void duplicateHeaderColumn() throws IOException {
        ParseResult result = read("text,label,Text\na,x,b\n", ModelType.TEXT_CLASSIFICATION);
        assertThat(errors(result)).containsExactly(
                "line 1, column 3: the header names the text column twice; rename or remove column 1 or 3");
    }

    @Test
    void overlongRowIsRefusedToBoundMemory() throws IOException {
        byte[] csv = utf8("text,label\n\"" + "x".repeat((int) CsvDatasetReader.MIN_MAX_ROW_CHARS + 20_000) + "\",y\n");
        ParseResult result = CsvDatasetReader.read(new ByteArrayInputStream(csv), ModelType.TEXT_CLASSIFICATION,
                10 * MB);
        assertThat(errors(result)).containsExactly(
                "line 2: the row starting here is longer than 1,048,576 characters; check for a double quote (\") that"
                        + " is never closed");
    }

    @Test
    void streamingHandsExamplesToTheSinkAndKeepsOnlyCounts() throws IOException {
        List<Example> seen = new ArrayList<>();
        ParseResult result = CsvDatasetReader.read(
                new ByteArrayInputStream(utf8("text,label\na,x\nb,y\na,x\nc,x\n")),
                ModelType.TEXT_CLASSIFICATION, MB, Limits.defaults(), seen::add);
        assertThat(seen).extracting(e -> String.join("|", e.csvRow())).containsExactly("a|x", "b|y", "c|x");
        assertThat(result.examples()).isEmpty();
        assertThat(result.examplesRetained()).isFalse();
        assertThat(result.exampleCount()).isEqualTo(3);
        assertThat(result.labelCounts()).containsExactly(Map.entry("x", 2), Map.entry("y", 1));
        assertThat(warnings(result)).hasSize(1);
        assertThat(errors(DatasetValidator.validate(result, Limits.defaults()))).containsExactly(
                "class 'y' has only 1 example; each class needs at least 2; add 1 more example labelled 'y'");
    }

    @Test
    void streamingChecksFieldLimits() throws IOException {
        List<Example> seen = new ArrayList<>();
        ParseResult result = CsvDatasetReader.read(
                new ByteArrayInputStream(utf8("text,label\nshort,x\nmuch too long,x\n")),
                ModelType.TEXT_CLASSIFICATION, MB, new Limits(10, 10, 10), seen::add);
        assertThat(seen).hasSize(1);
        assertThat(errors(result)).containsExactly(
                "line 3: the text is 13 characters long; the limit is 10; shorten it or split it into several examples");
    }

    @Test
    void streamIsNotClosed() throws IOException {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(utf8("a,b\n")) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        CsvDatasetReader.read(in, ModelType.TEXT_CLASSIFICATION, MB);
        assertThat(closed[0]).isFalse();
    }

    @Test
    void realReadFailuresAreThrown() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };
        assertThatThrownBy(() -> CsvDatasetReader.read(failing, ModelType.TEXT_CLASSIFICATION, MB))
                .isInstanceOf(IOException.class)
                .hasMessage("connection reset");
    }

    @Test
    void manyErrorsAreCapped() throws IOException {
        ParseResult result = read("text,label\n" + "only one column\n".repeat(250), ModelType.TEXT_CLASSIFICATION);
        assertThat(result.errors()).hasSize(201);
        assertThat(result.errors().get(200)).hasToString(
                "… and 50 more errors; only the first 200 are listed; fix these and check again");
    }
}
