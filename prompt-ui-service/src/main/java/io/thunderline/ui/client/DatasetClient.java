package io.thunderline.ui.client;

import io.smallrye.mutiny.Uni;
import io.thunderline.support.client.FaultPolicy;
import io.thunderline.support.client.Refused;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import java.time.Duration;
import java.util.List;

/**
 * dataset-service behind its one fault-tolerance policy. Storing a dataset is not retried: a timeout after the
 * dataset was stored must not store it twice. dataset-service calls the prompt's text "text"; the page's form calls
 * it "promptText", and an upload's content is the file.
 */
@ApplicationScoped
public class DatasetClient {
    static final FaultPolicy.Settings POLICY = new FaultPolicy.Settings(
            "Dataset service unavailable: try again in a few seconds",
            Duration.ofSeconds(5), 2, Duration.ofMillis(200), 8, 0.75, Duration.ofSeconds(5));
    /** Parsing and storing up to 200,000 characters, or a 10 MB file, or reading one back. */
    static final Duration STORING = Duration.ofSeconds(30);

    private final DatasetApi api;
    private final FaultPolicy policy = new FaultPolicy("dataset-service", POLICY);

    public DatasetClient(@RestClient DatasetApi api) {
        this.api = api;
    }

    public Uni<DatasetApi.Created> create(DatasetApi.Submission submission) {
        return promptText(policy.write(STORING, () -> api.create(submission)));
    }

    public Uni<DatasetApi.Created> upload(ClientMultipartForm form) {
        return policy.write(STORING, () -> api.upload(form))
                .onFailure(Refused.class).transform(e -> ((Refused) e).forField("file"));
    }

    public Uni<DatasetApi.Preview> preview(DatasetApi.Submission submission) {
        return promptText(policy.read(() -> api.preview(submission)));
    }

    public Uni<List<DatasetApi.Template>> templates(String modelType) {
        return policy.read(() -> api.templates(modelType));
    }

    /** The version's CSV as a person downloads it: safe to open in a spreadsheet (no cell runs as a formula). */
    public Uni<String> csvForPeople(String datasetId, int version) {
        return policy.read(STORING, () -> api.csv(datasetId, version, true));
    }

    public Uni<DatasetApi.DatasetInfo> dataset(String datasetId) {
        return policy.read(() -> api.dataset(datasetId));
    }

    public Uni<List<DatasetApi.Version>> versions(String datasetId) {
        return policy.read(() -> api.versions(datasetId));
    }

    public Uni<DatasetApi.Diff> diff(String datasetId, int from, int to) {
        return policy.read(STORING, () -> api.diff(datasetId, from, to));
    }

    public Uni<DatasetApi.VersionText> text(String datasetId, int version) {
        return policy.read(STORING, () -> api.text(datasetId, version));
    }

    private static <T> Uni<T> promptText(Uni<T> call) {
        return call.onFailure(Refused.class).transform(e -> ((Refused) e).renamed("text", "promptText"));
    }
}
