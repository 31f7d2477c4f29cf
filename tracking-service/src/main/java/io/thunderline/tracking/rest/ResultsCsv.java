package io.thunderline.tracking.rest;

import io.thunderline.tracking.service.JobResults;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** A job's metrics as CSV: one row per value, in the order of name, step and arrival. */
final class ResultsCsv {
    static final String[] HEADER = {"job_id", "metric", "step", "value", "timestamp", "seq"};

    private ResultsCsv() {
    }

    static String write(JobResults results) {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(HEADER).get())) {
            for (Map.Entry<String, List<JobResults.Point>> metric : results.metrics().entrySet()) {
                for (JobResults.Point p : metric.getValue()) {
                    csv.printRecord(results.jobId(), metric.getKey(), p.step(), p.value(), p.at(), p.seq());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
