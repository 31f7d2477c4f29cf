package io.thunderline.support.identity;

import jakarta.ws.rs.core.SecurityContext;

import java.security.Principal;
import java.util.Set;

/**
 * Who made a REST call, from its verified token: a person ({@code subject} = user name, groups user or admin), a
 * service acting on its own behalf ({@code service} set: the svc claim of a token whose subject is that service), or
 * an agent (X-Agent-Key). A person's call forwarded by the page carries {@code service} = null.
 */
public record Caller(String subject, Set<String> groups, String service) implements Principal {
    public static final String ADMIN = "admin";
    public static final String USER = "user";
    public static final String SERVICE = "service";
    public static final String AGENT = "agent";

    public Caller {
        groups = groups == null ? Set.of() : Set.copyOf(groups);
    }

    public static Caller user(String name, boolean admin) {
        return new Caller(name, admin ? Set.of(USER, ADMIN) : Set.of(USER), null);
    }

    public static Caller service(String name) {
        return new Caller(name, Set.of(SERVICE), name);
    }

    public static Caller forAgent() {
        return new Caller(AGENT, Set.of(AGENT), null);
    }

    @Override
    public String getName() {
        return subject;
    }

    public boolean admin() {
        return groups.contains(ADMIN);
    }

    public boolean agent() {
        return groups.contains(AGENT);
    }

    /** A service calling for itself (not for a person). */
    public boolean isService(String name) {
        return service != null && service.equals(name) && subject.equals(name);
    }

    public boolean person() {
        return service == null && groups.contains(USER);
    }

    /** Owner-or-admin: may this caller see a resource created by {@code owner}? Unknown owners are for admins. */
    public boolean maySee(String owner) {
        return admin() || (person() && owner != null && owner.equals(subject));
    }

    /** The caller CallerAuthentication put on the request; resources take it with {@code @Context SecurityContext}. */
    public static Caller of(SecurityContext security) {
        Principal principal = security == null ? null : security.getUserPrincipal();
        if (principal instanceof Caller caller) {
            return caller;
        }
        throw new CallerRefused("no verified caller on this request; send Authorization: Bearer <token>");
    }
}
