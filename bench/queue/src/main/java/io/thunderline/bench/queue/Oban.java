package io.thunderline.bench.queue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Runs bench/queue/oban_bench.py (Oban's Python implementation) against the same PostgreSQL, in the same run. */
final class Oban {
    private Oban() {
    }

    /** Returns the table rows it printed; fails if the script fails. */
    static List<String> run(String python, String pgUrl, String user, String password, int jobs, int warmup, int[] workers)
            throws IOException, InterruptedException {
        String dsn = pgUrl.replaceFirst("^postgresql://", "postgresql://" + user + ":" + password + "@");
        String script = System.getProperty("thunderline.root", ".") + "/bench/queue/oban_bench.py";
        List<String> command = List.of(python, script, "--pg", dsn, "--jobs", Integer.toString(jobs),
                "--warmup", Integer.toString(warmup),
                "--workers", Arrays.stream(workers).mapToObj(Integer::toString).collect(Collectors.joining(",")));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> rows = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("| ")) {
                    rows.add(line);
                } else if (!line.isBlank()) {
                    System.out.println(line);
                }
            }
        }
        int code = process.waitFor();
        if (code != 0) {
            throw new IllegalStateException("oban_bench.py exited with " + code);
        }
        return rows;
    }
}
