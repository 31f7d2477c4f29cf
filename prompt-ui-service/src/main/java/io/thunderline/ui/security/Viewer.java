package io.thunderline.ui.security;

import io.quarkus.security.identity.SecurityIdentity;

/** Who is looking: a signed-in user sees and controls their own jobs; an admin sees and controls all. */
@io.quarkus.qute.TemplateData
public record Viewer(String name, boolean admin) {
    public static final String ADMIN_ROLE = "admin";

    public static Viewer of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            throw new IllegalStateException("no signed-in user: the HTTP permissions should have refused this request");
        }
        return new Viewer(identity.getPrincipal().getName(), identity.hasRole(ADMIN_ROLE));
    }

    /** May this viewer see (and control) a job created by {@code owner}? Jobs of unknown owner are for admins. */
    public boolean maySee(String owner) {
        return admin || (owner != null && owner.equals(name));
    }
}
