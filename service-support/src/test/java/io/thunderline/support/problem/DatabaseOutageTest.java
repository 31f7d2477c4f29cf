package io.thunderline.support.problem;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseOutageTest {
    @Test
    void connectionFailuresAndShutdownsAreOutages() {
        assertThat(DatabaseOutage.is(new CompletionException(new ConnectException("Connection refused: /127.0.0.1:5432"))))
                .isTrue();
        assertThat(DatabaseOutage.is(ClosedConnectionException.INSTANCE)).isTrue();
        assertThat(DatabaseOutage.is(new PgException("terminating connection due to administrator command", "FATAL",
                "57P01", null))).isTrue();
        assertThat(DatabaseOutage.is(new RuntimeException("wrapped", new PgException("the database system is starting up",
                "FATAL", "57P03", null)))).isTrue();
    }

    @Test
    void wrongQueriesAndBugsAreNot() {
        assertThat(DatabaseOutage.is(new PgException("duplicate key value violates unique constraint", "ERROR", "23505",
                null))).isFalse();
        assertThat(DatabaseOutage.is(new IllegalStateException("no such job"))).isFalse();
        assertThat(DatabaseOutage.is(new NullPointerException())).isFalse();
    }

    @Test
    void anOutageAnswers503WithRetryAfterAndAProblemBody() {
        Response response = new ProblemMappers().unexpected(new CompletionException(ClosedConnectionException.INSTANCE));
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat(((Problem) response.getEntity()).detail()).contains("database is unavailable");
        assertThat(new ProblemMappers().unexpected(new IllegalStateException("bug")).getStatus()).isEqualTo(500);
    }
}
