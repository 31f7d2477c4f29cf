package io.thunderline.tracking.client;

import org.mlflow.tracking.MlflowClient;
import org.mlflow_project.apachehttp.client.config.RequestConfig;
import org.mlflow_project.apachehttp.impl.client.CloseableHttpClient;
import org.mlflow_project.apachehttp.impl.client.HttpClientBuilder;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Builds an {@link MlflowClient} whose HTTP calls time out. The client (2.17.2, the newest published) builds its
 * Apache HttpClient with no timeouts and offers no way to pass one, so a hung MLflow would hang our replayer thread
 * for good. Its caller creates the HTTP client only when none is set yet, so we set one, built with the same
 * (shaded) Apache classes the client uses, before the first call. Checked by MlflowClientsTest.
 */
public final class MlflowClients {
    private MlflowClients() {
    }

    public static MlflowClient withTimeouts(String trackingUri, Duration connectTimeout, Duration requestTimeout) {
        MlflowClient client = new MlflowClient(trackingUri);
        RequestConfig config = RequestConfig.custom()
                .setConnectTimeout(millis(connectTimeout))
                .setConnectionRequestTimeout(millis(requestTimeout))
                .setSocketTimeout(millis(requestTimeout))
                .build();
        CloseableHttpClient http = HttpClientBuilder.create()
                .setDefaultRequestConfig(config)
                .evictExpiredConnections()
                .evictIdleConnections(30, TimeUnit.SECONDS)
                .build();
        try {
            Field callerField = MlflowClient.class.getDeclaredField("httpCaller");
            callerField.setAccessible(true);
            Object caller = callerField.get(client);
            Field httpField = caller.getClass().getDeclaredField("httpClient");
            httpField.setAccessible(true);
            httpField.set(caller, http);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot give the MLflow client timeouts; was org.mlflow:mlflow-client "
                    + "upgraded? Check MlflowClient.httpCaller and MlflowHttpCaller.httpClient", e);
        }
        return client;
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }
}
