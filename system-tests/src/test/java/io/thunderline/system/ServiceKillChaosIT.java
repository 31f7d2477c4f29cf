package io.thunderline.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.infra.SseReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Chaos, issue 21: tracking-service, the page (prompt-ui-service), dataset-service and upm-service are each killed
 * (kill -9) while jobs submitted through the page are in flight, then started again as the stack starts them. Nothing is lost or
 * doubled: every job completes exactly once on the page, its MLflow run holds each metric point tracking-service
 * recorded, once; the page lists every job and its stream goes on; dataset versions stored before a kill are all
 * there after it, and a submission while dataset-service is down gets a clear 503 and leaves no job behind. One stack
 * (its own broker and database, {@link ChaosStack}) serves the three kills in turn; each prints what it counted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceKillChaosIT {
    static final int JOBS = 2;
    /** Threads posting submissions at once while the page is killed. */
    static final int SUBMITTERS = 3;
    static final Duration IN_FLIGHT = Duration.ofSeconds(90);
    static final Duration RESTART = Duration.ofSeconds(120);
    static final Duration JOBS_END = Duration.ofMinutes(3);
    static final Duration MIRRORED = ChaosStack.MIRRORED;

    static ChaosStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = ChaosStack.start("service-kill", true);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void trackingServiceKilledMidFlightMirrorsEveryRunOnceAfterItsRestart() throws Exception {
        try (SseReader stream = openStream(null)) {
            List<String> jobs = submitAll("tracking", JOBS);
            // in flight: tracking-service has recorded metrics of the first job, and not every job has ended
            await().atMost(IN_FLIGHT).pollInterval(Duration.ofMillis(200)).until(() ->
                    stack.queryLong("SELECT count(*) FROM tracking.run_metrics WHERE job_id = ?", jobs.get(0)) > 0);
            long endedBeforeKill = endedInTrainer(jobs);
            assertThat(endedBeforeKill).as("jobs ended before the kill").isLessThan(JOBS);

            stack.kill9("tracking-service");
            long killedAt = System.nanoTime();
            stack.restart("tracking-service", RESTART);
            double readyAfter = (System.nanoTime() - killedAt) / 1e9;

            stack.assertEachCompletedExactlyOnce(jobs, JOBS_END);
            ChaosStack.Mirrored mirrored = stack.assertMirroredOnce(jobs);
            assertStreamShowedEachEndOnce(stream, jobs);
            // tracking's run events reach the page again: each run's end on the stream and in the job list
            await().atMost(MIRRORED).untilAsserted(() -> assertThat(runStates(stream, "FINISHED")).containsAll(jobs));
            assertPageListsCompleted(jobs, true);
            stack.assertAllReadyWithin(Duration.ofSeconds(60));
            System.out.printf("kill -9 tracking-service with %d jobs in flight (%d ended before the kill): ready again "
                            + "%.1f s after the kill; %d/%d runs FINISHED in MLflow, %d metric points, %d duplicate "
                            + "metrics, %d missing%n", JOBS, endedBeforeKill, readyAfter, mirrored.finished(), JOBS,
                    mirrored.points(), mirrored.duplicates(), mirrored.missing());
        }
    }

    @Test
    @Order(2)
    void pageKilledMidFlightListsEveryJobAgainAndItsStreamResumes() throws Exception {
        long listedBefore = countRows("SELECT count(*) FROM ui.job_view");
        long requestedBefore = countRows("SELECT count(*) FROM trainer.jobs");
        List<String> jobs;
        String lastEventId;
        try (SseReader before = openStream(null)) {
            jobs = submitAll("page", JOBS);
            // in flight: the page has stored updates of the first job beyond its "queued", and not every job has ended
            await().atMost(IN_FLIGHT).pollInterval(Duration.ofMillis(200)).until(() ->
                    stack.queryLong("SELECT count(*) FROM ui.job_update WHERE job_id = ?", jobs.get(0)) > 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> lastId(before) != null);
            assertThat(endedInTrainer(jobs)).as("jobs ended before the kill").isLessThan(JOBS);
            stack.kill9("prompt-ui-service");
            lastEventId = lastId(before);
        }
        long killedAt = System.nanoTime();
        // a submission while the page is down is refused at the door: nothing is half-done
        assertThatThrownBy(() -> stack.trySubmit(prompt("page", "while down"), true)).isInstanceOf(IOException.class);
        stack.restart("prompt-ui-service", RESTART);
        double readyAfter = (System.nanoTime() - killedAt) / 1e9;

        List<String> all = new ArrayList<>(jobs);
        try (SseReader after = openStream(lastEventId)) {
            // the restarted page cannot replay what its predecessor streamed: it tells the page to reload over REST
            await().atMost(Duration.ofSeconds(15)).until(() -> !after.named("resync").isEmpty());
            all.add(stack.submit(prompt("page", "after the restart"), true));
            stack.assertEachCompletedExactlyOnce(all, JOBS_END);
            // live updates flow on the new stream: the new job's whole life, each update once
            await().atMost(Duration.ofSeconds(30)).until(() -> statuses(after, all.get(JOBS)).contains(JobStatus.COMPLETED));
            assertThat(statuses(after, all.get(JOBS))).containsSubsequence(JobStatus.QUEUED, JobStatus.COMPLETED);
            assertThat(jobUpdateIds(after)).doesNotHaveDuplicates();
        }
        assertPageListsCompleted(all, false);
        assertThat(countRows("SELECT count(*) FROM ui.job_view") - listedBefore).as("jobs listed").isEqualTo(all.size());
        assertThat(countRows("SELECT count(*) FROM trainer.jobs") - requestedBefore).as("jobs requested").isEqualTo(all.size());
        ChaosStack.Mirrored mirrored = stack.assertMirroredOnce(all);
        stack.assertAllReadyWithin(Duration.ofSeconds(60));
        System.out.printf("kill -9 prompt-ui-service with %d jobs in flight: ready again %.1f s after the kill; a "
                        + "submission while down: connection refused, 0 ghost jobs; stream resumed (resync, then live); "
                        + "%d/%d jobs completed on the page, %d/%d runs FINISHED in MLflow, %d duplicate metrics%n",
                JOBS, readyAfter, all.size(), all.size(), mirrored.finished(), all.size(), mirrored.duplicates());
    }

    @Test
    @Order(3)
    void datasetServiceKilledMidFlightKeepsEveryVersionAndRefusesSubmissionsClearlyMeanwhile() throws Exception {
        // one job more than the trainer runs at once (2): some wait in the queue and load their dataset during the outage
        List<String> jobs = submitAll("dataset", JOBS + 1);
        String firstDataset = stack.queryString("SELECT dataset_id FROM ui.job_view WHERE job_id = ?", jobs.get(0));
        // a second version of the first dataset ("edit and retrain")
        HttpResponse<String> second = stack.trySubmit(prompt("dataset", "version 2"), true, firstDataset);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(202);
        jobs.add(EventCodec.mapper().readTree(second.body()).path("jobId").asText());
        List<List<String>> versionsBefore = versions(jobs);
        assertThat(versionsBefore).as("dataset versions stored before the kill").hasSize(jobs.size());
        // every request has reached the trainer, so that a count taken now can only grow by a ghost
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                stack.queryRows("SELECT id FROM trainer.jobs WHERE id IN (" + placeholders(jobs) + ")", jobs.toArray())
                        .size() == jobs.size());
        long listedBefore = countRows("SELECT count(*) FROM ui.job_view");
        long requestedBefore = countRows("SELECT count(*) FROM trainer.jobs");
        long endedBeforeKill = endedInTrainer(jobs);
        assertThat(endedBeforeKill).as("jobs ended before the kill").isLessThan(jobs.size());

        // killed while the trainer still has datasets to load: queued jobs load theirs during the outage
        stack.kill9("dataset-service");
        long killedAt = System.nanoTime();
        HttpResponse<String> refused = stack.trySubmit(prompt("dataset", "while down"), true);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t ->
                assertThat(t).startsWith("application/problem+json"));
        assertThat(refused.body()).contains("Dataset service unavailable");
        Thread.sleep(3000); // a request that had slipped through would be listed and requested by now
        assertThat(countRows("SELECT count(*) FROM ui.job_view")).as("jobs listed while down").isEqualTo(listedBefore);
        assertThat(countRows("SELECT count(*) FROM trainer.jobs")).as("jobs requested while down").isEqualTo(requestedBefore);
        stack.restart("dataset-service", RESTART);
        assertThat(countRows("SELECT count(*) FROM trainer.jobs t WHERE NOT EXISTS "
                + "(SELECT 1 FROM ui.job_view v WHERE v.job_id = t.id)")).as("jobs the page does not list").isZero();
        double readyAfter = (System.nanoTime() - killedAt) / 1e9;

        assertThat(versions(jobs)).as("dataset versions after the restart").isEqualTo(versionsBefore);
        // and dataset-service serves them to the page again
        JsonNode page = EventCodec.mapper().readTree(stack.pageGet("/api/datasets/" + firstDataset));
        List<Integer> served = new ArrayList<>();
        page.path("versions").forEach(v -> served.add(v.path("version").asInt()));
        assertThat(served).containsExactlyInAnyOrder(1, 2);
        jobs.add(stack.submit(prompt("dataset", "after the restart"), true));
        stack.assertEachCompletedExactlyOnce(jobs, JOBS_END);
        assertPageListsCompleted(jobs, false);
        ChaosStack.Mirrored mirrored = stack.assertMirroredOnce(jobs);
        stack.assertAllReadyWithin(Duration.ofSeconds(60));
        long waited = countRows("SELECT count(DISTINCT job_id) FROM trainer.job_logs WHERE line LIKE "
                + "'dataset-service unavailable%waiting up to%'");
        System.out.printf("kill -9 dataset-service with %d jobs in flight (%d ended before the kill, %d waited for it to "
                        + "load their dataset): ready again %.1f s after the kill; %d/%d dataset versions kept; a "
                        + "submission while down: 503 problem, 0 ghost jobs; %d/%d jobs completed, %d/%d runs FINISHED in "
                        + "MLflow, %d duplicate metrics%n",
                jobs.size() - 1, endedBeforeKill, waited, readyAfter, versionsBefore.size(), versionsBefore.size(),
                jobs.size(), jobs.size(), mirrored.finished(), jobs.size(), mirrored.duplicates());
    }

    @Test
    @Order(4)
    void pageKilledWhileSubmissionsArriveLeavesNoGhostJobAndLosesNoAcceptedOne() throws Exception {
        String since = stack.queryRows("SELECT now()::text").get(0).get(0);
        long requestedBefore = countRows("SELECT count(*) FROM trainer.jobs");
        // submitters post one after another until the page stops answering; the kill comes once a few were accepted,
        // so some posts are cut off mid-request (their job may or may not have been stored before the kill)
        List<String> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger cutOff = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService submitters = java.util.concurrent.Executors.newFixedThreadPool(SUBMITTERS);
        try {
            for (int t = 0; t < SUBMITTERS; t++) {
                int thread = t;
                submitters.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        try {
                            HttpResponse<String> r = stack.trySubmit(prompt("submission", thread + "-" + i), true);
                            if (r.statusCode() != 202) {
                                cutOff.incrementAndGet();
                                return;
                            }
                            accepted.add(EventCodec.mapper().readTree(r.body()).path("jobId").asText());
                        } catch (IOException | InterruptedException e) {
                            cutOff.incrementAndGet();
                            return;
                        }
                    }
                });
            }
            await().atMost(IN_FLIGHT).pollInterval(Duration.ofMillis(20)).until(() -> accepted.size() >= SUBMITTERS);
            stack.kill9("prompt-ui-service");
            submitters.shutdown();
            assertThat(submitters.awaitTermination(90, java.util.concurrent.TimeUnit.SECONDS)).as("submitters ended").isTrue();
        } finally {
            submitters.shutdownNow();
        }
        long killedAt = System.nanoTime();
        assertThat(cutOff.get()).as("posts that got no 202 (the kill cut them off)").isEqualTo(SUBMITTERS);
        stack.restart("prompt-ui-service", RESTART);
        double readyAfter = (System.nanoTime() - killedAt) / 1e9;

        // every job the page stored is requested from the trainer and every requested job is listed: no ghost either way
        List<String> stored = stack.queryRows("SELECT job_id FROM ui.job_view WHERE submitted_at >= ?::timestamptz", since)
                .stream().map(r -> r.get(0)).toList();
        assertThat(stored).as("jobs stored by the page").containsAll(accepted);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(countRows("SELECT count(*) FROM trainer.jobs") - requestedBefore).as("jobs requested")
                        .isEqualTo(stored.size()));
        assertThat(countRows("SELECT count(*) FROM trainer.jobs t WHERE NOT EXISTS "
                + "(SELECT 1 FROM ui.job_view v WHERE v.job_id = t.id)")).as("jobs the page does not list").isZero();
        stack.assertEachCompletedExactlyOnce(stored, JOBS_END);
        assertPageListsCompleted(stored, false);
        ChaosStack.Mirrored mirrored = stack.assertMirroredOnce(stored);
        stack.assertAllReadyWithin(Duration.ofSeconds(60));
        System.out.printf("kill -9 prompt-ui-service while %d submitters posted: %d accepted, %d posts cut off, %d of "
                        + "them stored before the kill (answer lost, job kept); ready again %.1f s after the kill; %d/%d "
                        + "stored jobs requested, completed once and FINISHED in MLflow, %d duplicate metrics, 0 ghost jobs%n",
                SUBMITTERS, accepted.size(), cutOff.get(), stored.size() - accepted.size(), readyAfter, stored.size(),
                stored.size(), mirrored.duplicates());
    }

    @Test
    @Order(5)
    void trainerAndTrackingKilledAtOnceCompleteEveryJobOnceAndMirrorEachRunOnce() throws Exception {
        List<String> jobs = submitAll("two kills", JOBS + 1);
        // in flight: a job is training in the trainer and tracking has recorded some of its metric points
        await().atMost(IN_FLIGHT).pollInterval(Duration.ofMillis(100)).until(() -> !stack.queryRows(
                "SELECT j.id FROM trainer.jobs j WHERE j.status = 'running' AND j.id IN (" + placeholders(jobs) + ") "
                        + "AND EXISTS (SELECT 1 FROM tracking.run_metrics m WHERE m.job_id = j.id)", jobs.toArray()).isEmpty());
        long endedBeforeKill = endedInTrainer(jobs);
        assertThat(endedBeforeKill).as("jobs ended before the kill").isLessThan(jobs.size());

        stack.kill9("trainer-service");
        stack.kill9("tracking-service");
        long killedAt = System.nanoTime();
        stack.restart("trainer-service", RESTART);
        stack.restart("tracking-service", RESTART);
        double readyAfter = (System.nanoTime() - killedAt) / 1e9;

        // a job the dead trainer held is taken back after the heartbeat timeout (30 s) and trained again
        stack.assertEachCompletedExactlyOnce(jobs, JOBS_END.plusSeconds(60));
        ChaosStack.Mirrored mirrored = stack.assertMirroredOnce(jobs);
        // the restarted tracking-service's run events reach the page: each job's run FINISHED in the job list
        await().atMost(MIRRORED).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> assertPageListsCompleted(jobs, true));
        stack.assertAllReadyWithin(Duration.ofSeconds(60));
        long retaken = Long.parseLong(stack.queryRows("SELECT count(*) FROM trainer.jobs WHERE id IN ("
                + placeholders(jobs) + ") AND attempts > 1", jobs.toArray()).get(0).get(0));
        assertThat(retaken).as("jobs the killed trainer held, trained again by the restarted one").isPositive();
        System.out.printf("kill -9 trainer-service and tracking-service at once with %d jobs in flight (%d ended before "
                        + "the kill, %d trained again after the heartbeat timeout): both ready again %.1f s after the "
                        + "kill; %d/%d jobs completed once, %d/%d runs FINISHED in MLflow, %d metric points, %d duplicate "
                        + "metrics, %d missing%n", jobs.size(), endedBeforeKill, retaken, readyAfter, jobs.size(),
                jobs.size(), mirrored.finished(), jobs.size(), mirrored.points(), mirrored.duplicates(), mirrored.missing());
    }

    @Test
    @Order(6)
    void upmServiceKilledWhileJobsSendWindowsAppliesEachWindowOnceAndMirrorsEverySnapshot() throws Exception {
        String family = "sentiment_analysis";
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            jobs.add(stack.submitWithUpm(prompt("upm", "job " + i)));
        }
        // in flight: upm-service has applied windows of these jobs and taken a snapshot of them (more jobs follow)
        await().atMost(IN_FLIGHT).pollInterval(Duration.ofMillis(100)).until(() -> !stack.queryRows(
                "SELECT 1 FROM upm.windows WHERE snapshot_version IS NOT NULL AND source_job_id IN ("
                        + placeholders(jobs) + ")", jobs.toArray()).isEmpty());
        long endedBeforeKill = endedInTrainer(jobs);
        long versionBeforeKill = countRows("SELECT coalesce(max(version), 0) FROM upm.snapshots WHERE family = '"
                + family + "'");
        stack.kill9("upm-service");
        long killedAt = System.nanoTime();
        // jobs go on while it is down: their windows wait in Kafka
        for (int i = 3; i < 5; i++) {
            jobs.add(stack.submitWithUpm(prompt("upm", "job " + i + ", upm-service down")));
        }
        stack.restart("upm-service", RESTART);
        double readyAfter = (System.nanoTime() - killedAt) / 1e9;

        stack.assertEachCompletedExactlyOnce(jobs, JOBS_END);
        // every window each job announced is in upm-service, applied; a window is stored once by its id (the trainer
        // names it job-wN), so "once" is checked below on what the learner counted
        Map<String, int[]> announced = new HashMap<>();
        for (String job : jobs) {
            announced.put(job, windowsAnnounced(job));
        }
        await().atMost(MIRRORED).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (String job : jobs) {
                List<String> got = stack.queryRows("SELECT count(*), coalesce(sum(row_count), 0) FROM upm.windows "
                        + "WHERE source_job_id = ? AND applied_at IS NOT NULL", job).get(0);
                assertThat(List.of(Integer.parseInt(got.get(0)), Integer.parseInt(got.get(1)))).as("windows, rows of " + job)
                        .containsExactly(announced.get(job)[1], announced.get(job)[0]);
            }
        });
        // the learner's own count: the newest snapshot has seen exactly the rows of the windows given to it and to
        // the snapshots before it; a window learned twice (or lost with the killed process) would break the sum
        await().atMost(MIRRORED).pollInterval(Duration.ofMillis(500)).until(() -> countRows(
                "SELECT count(*) FROM upm.windows WHERE family = '" + family + "' AND snapshot_version IS NULL "
                        + "AND applied_at IS NOT NULL") < 3);
        List<String> newest = stack.queryRows("SELECT version, examples FROM upm.snapshots WHERE family = ? "
                + "ORDER BY version DESC LIMIT 1", family).get(0);
        long version = Long.parseLong(newest.get(0));
        assertThat(version).as("a snapshot taken after the restart").isGreaterThan(versionBeforeKill);
        assertThat(countRows("SELECT count(*) FROM upm.snapshots WHERE family = '" + family + "' AND status = 'rolled_back'"))
                .isZero();
        assertThat(Long.parseLong(newest.get(1))).as("examples the learner had seen at snapshot v" + version)
                .isEqualTo(countRows("SELECT coalesce(sum(row_count), 0) FROM upm.windows WHERE family = '" + family
                        + "' AND snapshot_version <= " + version));
        // every snapshot reaches tracking-service with its checksum and its MLflow run is as decided
        List<List<String>> snapshots = stack.queryRows("SELECT version, checksum FROM upm.snapshots WHERE family = ? "
                + "ORDER BY version", family);
        await().atMost(MIRRORED).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(stack.queryRows(
                "SELECT version, checksum FROM tracking.upm_snapshots WHERE family = ? AND run_id IS NOT NULL "
                        + "AND run_state = decided_state ORDER BY version", family)).isEqualTo(snapshots));
        stack.assertAllReadyWithin(Duration.ofSeconds(60));
        int windows = announced.values().stream().mapToInt(a -> a[1]).sum();
        System.out.printf("kill -9 upm-service with %d UPM jobs in flight (%d ended before the kill, 2 more submitted "
                        + "while it was down): ready again %.1f s after the kill; %d/%d jobs completed once; %d/%d "
                        + "windows applied, %d examples in snapshot v%d = the rows of its windows; %d snapshots (v%d "
                        + "before the kill) mirrored into MLflow%n", 3, endedBeforeKill, readyAfter, jobs.size(),
                jobs.size(), windows, windows, Long.parseLong(newest.get(1)), version, snapshots.size(), versionBeforeKill);
    }

    /** {rows, windows} that the trainer said it sent for the job ("UPM: sent N training rows as W feature windows"). */
    static int[] windowsAnnounced(String job) throws Exception {
        List<List<String>> lines = stack.queryRows("SELECT line FROM trainer.job_logs WHERE job_id = ? "
                + "AND line LIKE 'UPM: sent %' ORDER BY seq", job);
        assertThat(lines).as("the trainer's UPM log line of " + job).isNotEmpty();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("sent (\\d+) training rows as (\\d+) feature window")
                .matcher(lines.get(0).get(0));
        assertThat(m.find()).as(lines.get(0).get(0)).isTrue();
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    static String prompt(String scenario, String what) {
        return ChaosStack.PROMPT + "\"Chaos " + scenario + ": " + what + "\" -> negative\n";
    }

    static List<String> submitAll(String scenario, int n) throws Exception {
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            jobs.add(stack.submit(prompt(scenario, "job " + i), true));
        }
        return jobs;
    }

    static long endedInTrainer(List<String> jobs) throws Exception {
        long ended = 0;
        for (String job : jobs) {
            String status = stack.queryString("SELECT status FROM trainer.jobs WHERE id = ?", job);
            if (status != null && JobStatus.fromWire(status).terminal()) {
                ended++;
            }
        }
        return ended;
    }

    static long countRows(String sql) throws Exception {
        return Long.parseLong(stack.queryRows(sql).get(0).get(0));
    }

    /** Each version of the jobs' datasets: id, version, checksum, examples. */
    static List<List<String>> versions(List<String> jobs) throws Exception {
        return stack.queryRows("SELECT v.dataset_id, v.version, v.checksum, v.row_count FROM dataset.dataset_versions v "
                + "WHERE v.dataset_id IN (SELECT dataset_id FROM ui.job_view WHERE job_id IN (" + placeholders(jobs) + ")) "
                + "ORDER BY 1, 2", jobs.toArray());
    }

    static String placeholders(List<String> values) {
        return String.join(", ", java.util.Collections.nCopies(values.size(), "?"));
    }

    /** The page's job list as demo: every job there, completed (and, when asked, its MLflow run FINISHED). */
    static void assertPageListsCompleted(List<String> jobs, boolean runFinished) throws Exception {
        JsonNode list = EventCodec.mapper().readTree(stack.pageGet("/api/jobs?limit=200"));
        Map<String, JsonNode> byId = new HashMap<>();
        list.path("items").forEach(j -> byId.put(j.path("jobId").asText(), j));
        for (String job : jobs) {
            assertThat(byId).as("the page's job list").containsKey(job);
            assertThat(byId.get(job).path("status").asText()).as(job).isEqualTo("completed");
            if (runFinished) {
                assertThat(byId.get(job).path("mlflowState").asText()).as("MLflow state of " + job).isEqualTo("FINISHED");
            }
        }
    }

    /** The page's event stream as demo, open (its first event, the system status, has come). */
    static SseReader openStream(String lastEventId) {
        SseReader stream = new SseReader(stack.pageUrl() + "/api/jobs/stream", "demo", "demo", lastEventId);
        await().atMost(Duration.ofSeconds(15)).until(() -> !stream.named("system-status").isEmpty());
        return stream;
    }

    static String lastId(SseReader stream) {
        List<SseReader.Event> events = stream.events();
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).id() != null) {
                return events.get(i).id();
            }
        }
        return null;
    }

    static List<String> jobUpdateIds(SseReader stream) {
        return stream.named("job-update").stream().map(SseReader.Event::id).toList();
    }

    static List<JobStatus> statuses(SseReader stream, String job) {
        return stream.named("job-update").stream().map(e -> EventCodec.fromJson(e.data(), JobUpdate.class))
                .filter(u -> u.jobId().equals(job)).sorted(java.util.Comparator.comparingLong(JobUpdate::seq))
                .map(JobUpdate::status).toList();
    }

    /** Jobs whose MLflow run reached {@code state} on the stream (tracking.runs events, passed on by the page). */
    static Set<String> runStates(SseReader stream, String state) {
        Set<String> jobs = new HashSet<>();
        for (SseReader.Event e : stream.named("job-run")) {
            JsonNode run;
            try {
                run = EventCodec.mapper().readTree(e.data());
            } catch (IOException notJson) {
                throw new AssertionError("a job-run event that is not JSON: " + e.data(), notJson);
            }
            if (state.equals(run.path("state").asText())) {
                jobs.add(run.path("jobId").asText());
            }
        }
        return jobs;
    }

    /** Over a stream that stayed open: each job's end came once, and no update came twice. */
    static void assertStreamShowedEachEndOnce(SseReader stream, List<String> jobs) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String job : jobs) {
                assertThat(statuses(stream, job)).as("on the stream: " + job).containsOnlyOnce(JobStatus.COMPLETED);
            }
        });
        assertThat(jobUpdateIds(stream)).doesNotHaveDuplicates();
    }
}
