package io.thunderline.ui.rest;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.ModelType;
import io.thunderline.support.client.Refused;
import io.thunderline.support.client.ServiceUnavailable;
import io.thunderline.ui.client.TrainerApi;
import io.thunderline.ui.client.TrainerClient;
import io.thunderline.ui.repository.JobView;
import io.thunderline.ui.repository.JobViewRepository;
import io.thunderline.ui.security.Viewer;
import io.thunderline.ui.service.JobControl;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.jboss.resteasy.reactive.RestForm;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * /admin/jobs (what /admin/oban was): counts per status, queue depth per priority, running jobs with their worker and
 * heartbeat age, every job with filters and paging, bulk cancel and retry. Data from the trainer, the source of truth.
 */
@Path("/")
@RolesAllowed(Viewer.ADMIN_ROLE)
public class AdminResource {
    static final int PAGE_SIZE = 25;

    private final Template adminJobs;
    private final TrainerClient trainer;
    private final JobViewRepository jobs;
    private final JobControl control;
    private final SecurityIdentity identity;

    public AdminResource(@Location("adminJobs.html") Template adminJobs, TrainerClient trainer, JobViewRepository jobs,
                         JobControl control, SecurityIdentity identity) {
        this.adminJobs = adminJobs;
        this.trainer = trainer;
        this.jobs = jobs;
        this.control = control;
        this.identity = identity;
    }

    /** The filters of the dashboard, as they appear in its URL. */
    @TemplateData
    public record Filters(String status, String modelType, String user, String from, String to, int page) {
        TrainerClient.JobQuery query() {
            return new TrainerClient.JobQuery(blank(status), blank(modelType), blank(user), day(from, false), day(to, true),
                    PAGE_SIZE, (Math.max(page, 1) - 1) * PAGE_SIZE);
        }

        public boolean unfiltered() {
            return blank(status) == null && blank(modelType) == null && blank(user) == null && blank(from) == null
                    && blank(to) == null;
        }

        public String link(int toPage) {
            UriBuilder b = UriBuilder.fromPath("/admin/jobs");
            Map<String, String> q = new LinkedHashMap<>();
            q.put("status", status);
            q.put("modelType", modelType);
            q.put("user", user);
            q.put("from", from);
            q.put("to", to);
            q.forEach((k, v) -> {
                if (v != null && !v.isBlank()) {
                    b.queryParam(k, v);
                }
            });
            return b.queryParam("page", toPage).build().toString();
        }
    }

    @GET
    @Path("admin")
    public Response adminHome() {
        return Response.seeOther(java.net.URI.create("/admin/jobs")).build();
    }

    @GET
    @Path("admin/jobs")
    @Produces(MediaType.TEXT_HTML)
    public Uni<TemplateInstance> dashboard(@QueryParam("status") String status, @QueryParam("modelType") String modelType,
                                           @QueryParam("user") String user, @QueryParam("from") String from,
                                           @QueryParam("to") String to, @QueryParam("page") @DefaultValue("1") int page,
                                           @QueryParam("done") String done) {
        Filters filters = new Filters(status, modelType, user, from, to, Math.max(page, 1));
        Uni<TrainerApi.Stats> stats = trainer.stats().onFailure(ServiceUnavailable.class).recoverWithNull();
        Uni<TrainerApi.JobPage> list = trainer.jobs(filters.query()).onFailure(ServiceUnavailable.class).recoverWithNull();
        return Uni.combine().all().unis(stats, list).asTuple().map(t -> {
            TrainerApi.Stats s = t.getItem1();
            TrainerApi.JobPage jobPage = t.getItem2();
            long total = jobPage == null ? 0 : jobPage.total();
            int pages = (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
            return adminJobs.data("viewer", Viewer.of(identity))
                    .data("filters", filters)
                    .data("statuses", List.of(JobStatus.values()))
                    .data("modelTypes", List.of(ModelType.values()))
                    .data("trainerDown", s == null || jobPage == null)
                    .data("byStatus", s == null || s.byStatus() == null ? Map.of() : s.byStatus())
                    .data("queuedByPriority", s == null || s.queuedByPriority() == null ? Map.of() : s.queuedByPriority())
                    .data("running", s == null || s.running() == null ? List.of() : s.running())
                    .data("jobs", jobPage == null || jobPage.items() == null ? List.of() : jobPage.items())
                    .data("total", total)
                    .data("page", filters.page())
                    .data("pages", pages)
                    .data("done", done)
                    .data("liveInsert", filters.page() == 1 && filters.unfiltered())
                    .data("backLink", filters.link(filters.page()))
                    .data("prevLink", filters.page() > 1 ? filters.link(filters.page() - 1) : null)
                    .data("nextLink", filters.page() < pages ? filters.link(filters.page() + 1) : null);
        });
    }

    /** Bulk cancel or retry: a form post (with its CSRF token), then back to the same filtered page. */
    @POST
    @Path("admin/jobs/bulk")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> bulk(@RestForm String action, @RestForm("jobId") List<String> jobIds, @RestForm("back") String back) {
        String target = back != null && back.startsWith("/admin/jobs") ? back : "/admin/jobs";
        if (jobIds == null || jobIds.isEmpty() || !("cancel".equals(action) || "retry".equals(action))) {
            return Uni.createFrom().item(redirect(target, "Select jobs and choose cancel or retry"));
        }
        List<Uni<Boolean>> calls = new ArrayList<>();
        for (String id : jobIds) {
            calls.add(jobs.find(id)
                    .flatMap(view -> {
                        JobView job = view.orElse(placeholder(id));
                        String by = Viewer.of(identity).name();
                        return ("cancel".equals(action) ? control.cancel(job, by) : control.retry(job, by))
                                .replaceWith(true);
                    })
                    .onFailure(e -> e instanceof Refused || e instanceof ServiceUnavailable).recoverWithItem(false));
        }
        return Uni.join().all(calls).andFailFast().map(results -> {
            long ok = results.stream().filter(b -> b).count();
            String message = action + ": " + ok + " of " + results.size() + " job(s) accepted"
                    + (ok < results.size() ? " (the trainer refused the others or is unavailable)" : "");
            return redirect(target, message);
        });
    }

    private static JobView placeholder(String id) {
        return new JobView(id, null, null, null, null, null, null, null, null, null, -1, null, Map.of(), null, null, null,
                null, null, null, null, null);
    }

    private static Response redirect(String back, String message) {
        return Response.seeOther(UriBuilder.fromUri(back).replaceQueryParam("done").queryParam("done", message).build()).build();
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** A date of the filter form (yyyy-MM-dd) as the instant that starts (or ends) that day in UTC. */
    static String day(String date, boolean endOfDay) {
        if (date == null || date.isBlank()) {
            return null;
        }
        try {
            LocalDate d = LocalDate.parse(date.strip());
            return (endOfDay ? d.plusDays(1).atStartOfDay() : d.atStartOfDay()).toInstant(ZoneOffset.UTC).toString();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
