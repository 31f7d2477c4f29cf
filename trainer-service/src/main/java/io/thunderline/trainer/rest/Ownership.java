package io.thunderline.trainer.rest;

import io.smallrye.mutiny.Uni;
import io.thunderline.support.identity.Caller;
import io.thunderline.support.identity.NotAllowed;
import io.thunderline.support.identity.NotYours;
import io.thunderline.support.problem.ProblemException;
import io.thunderline.trainer.deploy.DeploymentService;
import io.thunderline.trainer.queue.JobQueries;
import io.thunderline.trainer.repository.JobRow;
import io.thunderline.trainer.repository.ScheduleRow;
import io.thunderline.trainer.schedule.ScheduleService;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Owner-or-admin for what trainer-service keeps, the same rule as the page's: a person reaches the jobs, A/B tests,
 * predictions and schedules they created, an admin all of them; another person's answers 404 as if it did not exist.
 * Services calling for themselves get only what they need: tracking-service a completed job's model file (the
 * modelUrl it mirrors into MLflow), the page the queue's state and workers for its badges.
 */
@ApplicationScoped
public class Ownership {
    static final String TRACKING = "tracking-service";
    static final String PAGE = "prompt-ui-service";

    private final JobQueries jobs;
    private final DeploymentService deployments;
    private final ScheduleService schedules;

    public Ownership(JobQueries jobs, DeploymentService deployments, ScheduleService schedules) {
        this.jobs = jobs;
        this.deployments = deployments;
        this.schedules = schedules;
    }

    /** The job, when the caller may see it (GET /jobs/{id}). */
    public Uni<JobRow> job(String id, Caller caller) {
        return job(id, caller, "id");
    }

    private Uni<JobRow> job(String id, Caller caller, String field) {
        person(caller);
        return jobs.job(id).onFailure(e -> notFound(e) && !caller.admin()).transform(e -> new NotYours(field, "job", id))
                .map(job -> {
                    if (!caller.maySee(job.createdBy())) {
                        throw new NotYours(field, "job", id);
                    }
                    return job;
                });
    }

    /**
     * Completes when the caller may act on the job (read its trials, cancel it, use its model). An admin is not looked
     * up: the endpoint answers as it always did, its own 404 or 409 included.
     */
    public Uni<Void> mayUseJob(String id, Caller caller, String field) {
        person(caller);
        return caller.admin() ? Uni.createFrom().voidItem() : job(id, caller, field).replaceWithVoid();
    }

    /** A job's model: its owner, an admin, or tracking-service fetching the model file it mirrors. */
    public Uni<Void> model(String jobId, Caller caller, boolean file) {
        if (file && caller.isService(TRACKING)) {
            return Uni.createFrom().voidItem();
        }
        return mayUseJob(jobId, caller, "jobId");
    }

    /** Completes when the caller may act on the A/B test; admins as {@link #mayUseJob}. */
    public Uni<Void> mayUseDeployment(String id, Caller caller) {
        person(caller);
        return caller.admin() ? Uni.createFrom().voidItem() : deployment(id, caller).replaceWithVoid();
    }

    /** Completes when the caller may judge the prediction; admins as {@link #mayUseJob}. */
    public Uni<Void> mayUsePrediction(String id, Caller caller) {
        person(caller);
        return caller.admin() ? Uni.createFrom().voidItem() : prediction(id, caller).replaceWithVoid();
    }

    /** Completes when the caller may stop the schedule; admins as {@link #mayUseJob}. */
    public Uni<Void> mayUseSchedule(String id, Caller caller) {
        person(caller);
        return caller.admin() ? Uni.createFrom().voidItem() : schedule(id, caller).replaceWithVoid();
    }

    public Uni<DeploymentService.DeploymentView> deployment(String id, Caller caller) {
        person(caller);
        return deployments.view(id).onFailure(e -> notFound(e) && !caller.admin())
                .transform(e -> new NotYours("id", "A/B test", id))
                .map(d -> {
                    if (!caller.maySee(d.createdBy())) {
                        throw new NotYours("id", "A/B test", id);
                    }
                    return d;
                });
    }

    /** A prediction may be read and judged by whoever may see its A/B test, or its job when asked directly. */
    public Uni<DeploymentService.PredictionView> prediction(String id, Caller caller) {
        person(caller);
        return deployments.prediction(id).onFailure(e -> notFound(e) && !caller.admin())
                .transform(e -> new NotYours("id", "prediction", id))
                .flatMap(p -> (p.deploymentId() != null ? deployment(p.deploymentId(), caller).replaceWith(p)
                        : job(p.jobId(), caller).replaceWith(p))
                        .onFailure(NotYours.class).transform(e -> new NotYours("id", "prediction", id)));
    }

    public Uni<ScheduleRow> schedule(String id, Caller caller) {
        person(caller);
        return schedules.get(id).onFailure(e -> notFound(e) && !caller.admin())
                .transform(e -> new NotYours("id", "schedule", id))
                .map(s -> {
                    if (!caller.maySee(s.createdBy())) {
                        throw new NotYours("id", "schedule", id);
                    }
                    return s;
                });
    }

    /** Who acts: the person calling (the page forwards them; X-User is no longer believed). */
    public static String actor(Caller caller) {
        person(caller);
        return caller.subject();
    }

    /** A person or an admin: services and agents have no jobs of their own. */
    public static Caller person(Caller caller) {
        if (!caller.person() && !caller.admin()) {
            throw new NotAllowed("Authorization", "only people act on jobs, A/B tests and schedules (a user's token "
                    + "from the page), not " + (caller.agent() ? "agents" : caller.subject()));
        }
        return caller;
    }

    /** Whose things a list shows: a person's own, an admin's filter as given (null: everyone's). */
    public static String listedOwner(String createdBy, Caller caller) {
        String asked = createdBy == null || createdBy.isBlank() ? null : createdBy.strip();
        if (caller.admin()) {
            return asked;
        }
        person(caller);
        if (asked != null && !asked.equals(caller.subject())) {
            throw new NotAllowed("createdBy", "you may list only your own (createdBy=" + caller.subject()
                    + " or leave it out)");
        }
        return caller.subject();
    }

    /** Queue-wide actions (pause, resume): admins only. */
    public static void admin(Caller caller) {
        if (!caller.admin()) {
            throw new NotAllowed("Authorization", "pausing and resuming the queue is for admins");
        }
    }

    /** Read-only state every signed-in person sees, and the page's badges read for themselves. */
    public static void statusReader(Caller caller) {
        if (!caller.person() && !caller.admin() && !caller.isService(PAGE)) {
            throw new NotAllowed("Authorization", "the queue's state is for people and the page");
        }
    }

    private static boolean notFound(Throwable e) {
        return e instanceof ProblemException p && p.status() == 404;
    }
}
