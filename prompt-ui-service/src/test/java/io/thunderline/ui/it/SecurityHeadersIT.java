package io.thunderline.ui.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.thunderline.infra.ThunderlineInfraResource;
import io.thunderline.ui.security.LoginLimit;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page's security headers on every kind of response, and the limit on failed sign-ins (security.LoginLimit).
 * Shares its Quarkus instance with the module's other ITs: the limiter is reset before and after each test.
 */
@QuarkusTest
@QuarkusTestResource(ThunderlineInfraResource.class)
@QuarkusTestResource(FakeServicesResource.class)
class SecurityHeadersIT {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    @TestHTTPResource("/")
    URL root;

    @Inject
    LoginLimit loginLimit;

    @BeforeEach
    @AfterEach
    void forgetFailures() {
        loginLimit.reset();
    }

    String url(String path) {
        return root.toString().replaceAll("/$", "") + path;
    }

    static void assertSecurityHeaders(Response response, String what) {
        assertThat(response.header("Content-Security-Policy")).as(what).isEqualTo(CSP);
        assertThat(response.header("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
        assertThat(response.header("X-Frame-Options")).as(what).isEqualTo("DENY");
        assertThat(response.header("Referrer-Policy")).as(what).isEqualTo("same-origin");
        assertThat(response.headers().getValues("Content-Security-Policy")).as(what + ": once").hasSize(1);
    }

    static io.restassured.specification.RequestSpecification as(String user) {
        return given().auth().preemptive().basic(user, user).redirects().follow(false);
    }

    Response formSignIn(String user, String password) {
        return given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("j_username", user).formParam("j_password", password).post(url("/j_security_check"));
    }

    @Test
    void everyKindOfResponseCarriesTheSecurityHeaders() {
        Response page = as("demo").get(url("/training/prompt"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertSecurityHeaders(page, "HTML page");

        Response api = as("demo").get(url("/api/jobs"));
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.contentType()).startsWith("application/json");
        assertSecurityHeaders(api, "/api JSON");

        Response login = given().get(url("/login"));
        assertThat(login.statusCode()).isEqualTo(200);
        assertSecurityHeaders(login, "sign-in page");

        Response script = given().get(url("/static/common.js"));
        assertThat(script.statusCode()).isEqualTo(200);
        assertSecurityHeaders(script, "static file");

        Response redirect = given().redirects().follow(false).get(url("/training/prompt"));
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertSecurityHeaders(redirect, "redirect to sign-in");

        Response unauthorized = given().get(url("/api/jobs"));
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertSecurityHeaders(unauthorized, "401 of the API");

        Response apiMissing = as("demo").get(url("/api/no-such-thing"));
        assertThat(apiMissing.statusCode()).isEqualTo(404);
        assertSecurityHeaders(apiMissing, "404 of the API");

        Response pageMissing = as("demo").get(url("/training/no-such-page"));
        assertThat(pageMissing.statusCode()).isEqualTo(404);
        assertSecurityHeaders(pageMissing, "404 error page");

        Response staticMissing = given().get(url("/static/no-such-file.js"));
        assertThat(staticMissing.statusCode()).isEqualTo(404);
        assertSecurityHeaders(staticMissing, "404 of a static file");

        Response forbidden = as("demo").get(url("/admin/jobs"));
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertSecurityHeaders(forbidden, "403 error page");
    }

    @Test
    void fiveWrongPasswordsOnTheFormRefuseTheSixthEvenWithTheRightPassword() {
        // the right password before the limit works
        Response ok = formSignIn("demo", "demo");
        assertThat(ok.statusCode()).isEqualTo(302);
        assertThat(ok.header("Location")).endsWith("/training/prompt");

        for (int i = 0; i < 5; i++) {
            Response wrong = formSignIn("demo", "wrong" + i);
            assertThat(wrong.statusCode()).as("attempt %d", i + 1).isEqualTo(302);
            assertThat(wrong.header("Location")).as("attempt %d", i + 1).endsWith("/login?error=true");
        }
        Response refused = formSignIn("demo", "demo");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertThat(retryAfter).isBetween(200L, 300L);
        assertThat(refused.jsonPath().getInt("status")).isEqualTo(429);
        assertThat(refused.jsonPath().getString("field")).isEqualTo("j_username");
        assertThat(refused.jsonPath().getString("detail")).contains("try again in " + retryAfter + " s");
        assertThat(refused.cookie("thunderline-session")).as("no session for a refused attempt").isNull();
        assertSecurityHeaders(refused, "429");

        // a browser at the form goes back to the sign-in page, which says how long to wait
        Response browser = given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .accept("text/html,application/xhtml+xml").formParam("j_username", "demo").formParam("j_password", "demo")
                .post(url("/j_security_check"));
        assertThat(browser.statusCode()).isEqualTo(302);
        assertThat(browser.header("Location")).matches("/login\\?locked=\\d+");
        assertThat(browser.cookie("thunderline-session")).isNull();
        String lockedPage = given().get(url(browser.header("Location"))).then().statusCode(200).extract().asString();
        assertThat(lockedPage).contains("Too many failed sign-ins for this user name: try again in 5 minutes.");

        // Basic for the same user name from the same address is refused too, naming its header
        Response basic = as("demo").get(url("/api/jobs"));
        assertThat(basic.statusCode()).isEqualTo(429);
        assertThat(basic.header("Retry-After")).isNotBlank();
        assertThat(basic.jsonPath().getString("field")).isEqualTo("Authorization");

        // another user name from the same address, and the same user name from another address, are not refused
        assertThat(formSignIn("admin", "admin").statusCode()).isEqualTo(302);
        assertThat(as("admin").get(url("/api/jobs")).statusCode()).isEqualTo(200);
        assertThat(basicStatusFrom("127.0.0.2", "demo", "demo")).isEqualTo(200);
    }

    @Test
    void basicAuthFailuresCountAndSuccessesDoNot() {
        for (int i = 0; i < 20; i++) {
            assertThat(as("demo").get(url("/api/jobs")).statusCode()).isEqualTo(200);
        }
        for (int i = 0; i < 4; i++) {
            assertThat(given().auth().preemptive().basic("demo", "nope").get(url("/api/jobs")).statusCode()).isEqualTo(401);
        }
        assertThat(as("demo").get(url("/api/jobs")).statusCode()).as("4 failures: still allowed").isEqualTo(200);
        assertThat(given().auth().preemptive().basic("demo", "nope").get(url("/api/jobs")).statusCode()).isEqualTo(401);
        Response refused = as("demo").get(url("/api/jobs"));
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.jsonPath().getString("field")).isEqualTo("Authorization");
        assertThat(refused.jsonPath().getString("detail")).contains("try again in");
    }

    /** A GET of /api/jobs with Basic credentials over a socket bound to another loopback address. */
    int basicStatusFrom(String localAddress, String user, String password) {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress(root.getHost(), root.getPort()), 5000);
            socket.setSoTimeout(10000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/jobs HTTP/1.1\r\nHost: " + root.getHost() + ":" + root.getPort()
                    + "\r\nAuthorization: Basic " + credentials + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                head.write(b);
            }
            String statusLine = head.toString(StandardCharsets.US_ASCII);
            return Integer.parseInt(statusLine.split(" ")[1]);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
