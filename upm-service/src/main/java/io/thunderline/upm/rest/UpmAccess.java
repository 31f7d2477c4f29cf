package io.thunderline.upm.rest;

import io.thunderline.support.identity.Caller;
import io.thunderline.support.identity.NotAllowed;

/**
 * Who may do what in upm-service. The continuously learning model belongs to no one person: every signed-in person
 * reads its state (the page's UPM panel), admins change it (activate, roll back, canary, switch UPM on or off), the
 * page's own token reads the status for its badge, and agents (X-Agent-Key) fetch adapter payloads and post their
 * feedback, nothing else.
 */
final class UpmAccess {
    static final String PAGE = "prompt-ui-service";

    private UpmAccess() {
    }

    static void reader(Caller caller) {
        if (!caller.person() && !caller.admin()) {
            throw new NotAllowed("Authorization", "reading UPM's state is for people (a user's token from the page), not "
                    + who(caller));
        }
    }

    /** The status the page's badge reads also without a person behind the call. */
    static void statusReader(Caller caller) {
        if (!caller.isService(PAGE)) {
            reader(caller);
        }
    }

    static void admin(Caller caller) {
        if (!caller.admin()) {
            throw new NotAllowed("Authorization", "this changes UPM for everyone: admins only");
        }
    }

    /** Adapter payloads and feedback: agents, and people/admins looking at or testing them. */
    static void agentOrReader(Caller caller) {
        if (!caller.agent()) {
            reader(caller);
        }
    }

    private static String who(Caller caller) {
        return caller.agent() ? "agents (their key opens the adapter payload and feedback only)" : caller.subject();
    }
}
