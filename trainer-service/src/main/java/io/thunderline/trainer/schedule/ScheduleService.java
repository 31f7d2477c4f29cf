package io.thunderline.trainer.schedule;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.InvalidEventException;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.Priority;
import io.thunderline.trainer.client.DatasetClient;
import io.thunderline.trainer.client.DatasetMissing;
import io.thunderline.trainer.config.TrainerConfig;
import io.thunderline.trainer.repository.ScheduleRepository;
import io.thunderline.trainer.repository.ScheduleRow;
import io.thunderline.support.identity.NotYours;
import io.thunderline.support.problem.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Creating a schedule (every field checked, the dataset looked up, nothing stored for a bad request), listing, deleting. */
@ApplicationScoped
public class ScheduleService {
    private final Pool pool;
    private final ScheduleRepository schedules;
    private final DatasetClient datasets;
    private final TrainerConfig config;

    public ScheduleService(Pool pool, ScheduleRepository schedules, DatasetClient datasets, TrainerConfig config) {
        this.pool = pool;
        this.schedules = schedules;
        this.datasets = datasets;
        this.config = config;
    }

    /** What POST /schedules takes; modelType defaults to the dataset's, priority to normal, the flags to false. */
    public record ScheduleRequest(String datasetId, String modelType, String cron, String priority, Boolean useUpm,
                                  Boolean trackMlflow, String createdBy) {
    }

    /**
     * A schedule of {@code user}'s dataset (an admin's may be anyone's): the dataset's created_by, read with the
     * trainer's own token, must be the user, else the dataset does not exist for them (404).
     */
    public Uni<ScheduleRow> create(ScheduleRequest request, String user, boolean admin) {
        if (request == null) {
            throw new ScheduleRefused("body", "send a JSON body such as {\"datasetId\": \"...\", \"cron\": \"0 3 * * *\"}");
        }
        if (request.datasetId() == null || request.datasetId().isBlank()) {
            throw new ScheduleRefused("datasetId", "datasetId is required: the id of a stored dataset whose latest "
                    + "version each run trains on");
        }
        CronSchedule cron = cron(request.cron());
        Priority priority = parse("priority", request.priority(), Priority.NORMAL, Priority::fromWire,
                "priority must be high, normal or low");
        ModelType wanted = parse("modelType", request.modelType(), null, ModelType::fromWire,
                "modelType must be one of " + java.util.Arrays.stream(ModelType.values()).map(ModelType::wireName).toList()
                        + ", or left out to use the dataset's");
        String createdBy = request.createdBy() != null && !request.createdBy().isBlank() ? request.createdBy()
                : user == null || user.isBlank() ? "anonymous" : user;
        return datasets.dataset(request.datasetId())
                .onFailure(DatasetMissing.class).transform(e -> new ScheduleRefused("datasetId", "there is no dataset "
                        + request.datasetId() + " in dataset-service; create it first (POST /datasets) and use its datasetId"))
                .onFailure(e -> !(e instanceof ScheduleRefused)).transform(e -> new ProblemException(503, "datasetId",
                        "dataset-service unavailable, so dataset " + request.datasetId() + " cannot be checked; try again"))
                .flatMap(info -> {
                    if (!admin && (user == null || !user.equals(info.createdBy()))) {
                        throw new NotYours("datasetId", "dataset", request.datasetId());
                    }
                    if (info.deletedAt() != null) {
                        throw new ScheduleRefused("datasetId", "dataset " + request.datasetId() + " was deleted; "
                                + "schedule a dataset that still exists");
                    }
                    ModelType datasetType = info.modelType() == null ? null : ModelType.fromWire(info.modelType());
                    if (wanted != null && datasetType != null && wanted != datasetType) {
                        throw new ScheduleRefused("modelType", "dataset " + request.datasetId() + " holds "
                                + datasetType.wireName() + " data; leave modelType out or set it to " + datasetType.wireName());
                    }
                    ModelType type = wanted != null ? wanted : datasetType;
                    if (type == null) {
                        throw new ScheduleRefused("modelType", "modelType is required: dataset-service did not say "
                                + "which type dataset " + request.datasetId() + " is");
                    }
                    Instant next = cron.next(Instant.now()).orElseThrow();
                    ScheduleRow row = new ScheduleRow(UUID.randomUUID().toString(), request.datasetId(), type,
                            cron.expression(), priority, Boolean.TRUE.equals(request.useUpm()),
                            Boolean.TRUE.equals(request.trackMlflow()), createdBy, null, true, next, null, null, null, 0);
                    return pool.withTransaction(tx -> schedules.insert(tx, row));
                });
    }

    /** Every schedule, or those of one dataset (datasetId null: all). */
    public Uni<List<ScheduleRow>> list(String datasetId) {
        return schedules.list(pool, datasetId);
    }

    /** The schedule, or a 404 problem. */
    public Uni<ScheduleRow> get(String id) {
        return schedules.find(pool, id).map(s -> s.orElseThrow(() -> notFound(id)));
    }

    /** Stops the schedule (a 404 problem if there is none); jobs it already requested are not touched. */
    public Uni<Void> delete(String id) {
        return pool.withTransaction(tx -> schedules.delete(tx, id)).map(deleted -> {
            if (!deleted) {
                throw notFound(id);
            }
            return null;
        });
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(404, "id", "no schedule " + id);
    }

    private CronSchedule cron(String expression) {
        CronSchedule cron;
        try {
            cron = CronSchedule.parse(expression);
        } catch (IllegalArgumentException e) {
            throw new ScheduleRefused("cron", e.getMessage());
        }
        Duration min = config.schedules().minInterval();
        Duration gap = cron.shortestGap(Instant.now(), 20);
        if (gap.compareTo(min) < 0) {
            throw new ScheduleRefused("cron", "cron '" + expression + "' fires every " + gap.toSeconds() + " s; a schedule "
                    + "may fire at most once every " + min.toSeconds() + " s, or it would flood the queue (e.g. \"0 * * * *\" "
                    + "for every hour)");
        }
        return cron;
    }

    private static <T> T parse(String field, String value, T fallback, java.util.function.Function<String, T> parser,
                               String help) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return parser.apply(value);
        } catch (InvalidEventException | IllegalArgumentException e) {
            throw new ScheduleRefused(field, help + " (got '" + value + "')");
        }
    }
}
