/**
 * Pure parsing and validation of training data submitted to the dataset service.
 *
 * <p>Nothing in this package does I/O except reading a stream handed to it, and nothing depends on Quarkus
 * or CDI: every entry point is a static method that can be unit-tested directly.
 *
 * <ul>
 *   <li>{@link io.thunderline.dataset.parse.PromptParser#parse(String, io.thunderline.contracts.ModelType)} turns the text typed into
 *       the prompt page into a {@link io.thunderline.dataset.parse.ParseResult} (dispatching to
 *       {@link io.thunderline.dataset.parse.ClassificationPromptParser},
 *       {@link io.thunderline.dataset.parse.InstructionPromptParser} and
 *       {@link io.thunderline.dataset.parse.ChatPromptParser}).</li>
 *   <li>{@link io.thunderline.dataset.parse.CsvDatasetReader} reads an uploaded CSV file as a stream.</li>
 *   <li>{@link io.thunderline.dataset.parse.DatasetValidator} adds the dataset-level errors (classes, counts,
 *       sizes) to a parse result.</li>
 *   <li>{@link io.thunderline.dataset.parse.CanonicalCsv} writes the canonical CSV of a dataset.</li>
 * </ul>
 *
 * <p>Every problem is reported as a {@link io.thunderline.dataset.parse.ParseIssue} with a 1-based line (and,
 * where it is known, column), a message and a hint saying what to change. A result with errors is refused as
 * a whole: {@link io.thunderline.dataset.parse.ParseResult#ok()} is {@code false} and nothing of it should be
 * stored.
 */
package io.thunderline.dataset.parse;
