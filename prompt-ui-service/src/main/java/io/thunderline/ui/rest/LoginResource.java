package io.thunderline.ui.rest;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;

/** Sign-in form (posted to Quarkus' j_security_check) and sign-out. */
@Path("/")
public class LoginResource {
    private final Template login;
    private final SecurityIdentity identity;
    private final String cookieName;

    public LoginResource(@Location("login.html") Template login, SecurityIdentity identity,
                         @ConfigProperty(name = "quarkus.http.auth.form.cookie-name") String cookieName) {
        this.login = login;
        this.identity = identity;
        this.cookieName = cookieName;
    }

    @GET
    @Path("login")
    @Produces(MediaType.TEXT_HTML)
    public Object page(@QueryParam("error") String error, @QueryParam("signedOut") String signedOut,
                       @QueryParam("locked") String locked) {
        if (!identity.isAnonymous()) {
            return Response.seeOther(URI.create("/training/prompt")).build();
        }
        TemplateInstance page = login.data("error", error != null).data("signedOut", signedOut != null)
                .data("lockedMinutes", lockedMinutes(locked));
        return page;
    }

    /** The session lives in an encrypted cookie: signing out removes it. A form post with the CSRF token. */
    @POST
    @Path("logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response logout() {
        return Response.seeOther(URI.create("/login?signedOut=true"))
                .cookie(new NewCookie.Builder(cookieName).value("").path("/").maxAge(0).httpOnly(true).build())
                .build();
    }

    /** Whole minutes to wait after too many failed sign-ins (security.LoginLimit), or null when not locked. */
    static Long lockedMinutes(String lockedSeconds) {
        if (lockedSeconds == null || !lockedSeconds.matches("\\d{1,6}")) {
            return null;
        }
        return Math.max(1, (Long.parseLong(lockedSeconds) + 59) / 60);
    }
}
