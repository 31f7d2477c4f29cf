package io.thunderline.trainer.queue;

import io.smallrye.mutiny.Uni;
import io.thunderline.support.problem.ProblemException;
import io.thunderline.trainer.repository.JobRepository;
import io.thunderline.trainer.repository.JobRow;
import io.thunderline.trainer.repository.QueueStats;
import io.thunderline.trainer.repository.TrialRepository;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** What the REST API, the admin dashboard and the meters read about jobs and workers (single reads, no transaction). */
@ApplicationScoped
public class JobQueries {
    private final Pool pool;
    private final JobRepository jobs;
    private final TrialRepository trials;
    private final QueueStats stats;

    public JobQueries(Pool pool, JobRepository jobs, TrialRepository trials, QueueStats stats) {
        this.pool = pool;
        this.jobs = jobs;
        this.trials = trials;
        this.stats = stats;
    }

    public record Page(List<JobRow> items, long total) {
    }

    public Uni<Page> list(JobRepository.Filter filter, int limit, int offset) {
        return Uni.combine().all().unis(jobs.list(pool, filter, limit, offset), jobs.count(pool, filter)).with(Page::new);
    }

    /** The job, or a 404 problem. */
    public Uni<JobRow> job(String id) {
        return jobs.find(pool, id).map(job -> job.orElseThrow(() -> new ProblemException(404, "id", "no job " + id)));
    }

    public Uni<List<TrialRepository.Trial>> trials(String jobId) {
        return trials.of(pool, jobId);
    }

    public Uni<List<QueueStats.MetricPoint>> metrics(String jobId) {
        return stats.metrics(pool, jobId);
    }

    public Uni<List<QueueStats.LogLine>> logs(String jobId) {
        return stats.logs(pool, jobId);
    }

    public Uni<QueueStats.Stats> stats() {
        return stats.stats(pool);
    }

    public Uni<List<QueueStats.Worker>> workers() {
        return stats.workers(pool);
    }
}
