package io.thunderline.trainer.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Map;

/**
 * The remote Cerebros service (ARCHITECTURE.md, "Remote Cerebros backend contract"): submit a dataset, then poll the
 * job's status. Snake-case JSON, as the original Python service speaks it. Beyond the minimal {status, phase,
 * metrics}, a status may carry {@code events} (every trial/epoch since {@code ?since=}), {@code checkpoints} (where
 * the trained model can be fetched) and {@code error}; a service without them still works, with coarser updates.
 */
@Path("/api/v1/training")
public interface CerebrosApi {

    @POST
    @Path("/submit")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Submitted submit(Submission submission);

    @GET
    @Path("/status/{jobId}")
    @Produces(MediaType.APPLICATION_JSON)
    Status status(@PathParam("jobId") String jobId, @QueryParam("since") Long since);

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Submission(String datasetId, String datasetName, List<CsvFile> csvFiles, Config config) {
    }

    record CsvFile(String filename, String content) {
    }

    /** phases and checkpoint_format as in the contract; the rest tells Cerebros what to train and with what budget. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Config(int phases, String checkpointFormat, String modelType, Integer moieties, Integer tries, Integer epochs,
                  Long seed, Integer hashDims) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Submitted(String jobId) {
    }

    /** status: queued | running | completed | failed (anything else is read as running). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Status(String status, Integer phase, Map<String, Object> metrics, List<Event> events,
                  List<Checkpoint> checkpoints, String error) {
    }

    /**
     * One progress event, numbered by seq: type phase (name search|retrain, detail), trial_start (trial,
     * architecture), epoch (trial, epoch, metrics) or trial_end (trial, best_epoch, metrics).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Event(long seq, String type, Integer phase, String name, String detail, Integer trial, Integer epoch,
                 Integer bestEpoch, String architecture, Map<String, Object> metrics) {
    }

    /** url: absolute, or a path on the Cerebros service. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Checkpoint(Integer phase, String url, String format, String sha256) {
    }
}
