package io.thunderline.dataset.rest;

import io.thunderline.support.identity.Caller;
import io.thunderline.support.identity.NotAllowed;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who a dataset is recorded as made by, and whose datasets a list shows (no database needed for these rules). */
class DatasetAccessTest {
    private final DatasetAccess access = new DatasetAccess(null);
    private final Caller alice = Caller.user("alice", false);
    private final Caller admin = Caller.user("root", true);

    @Test
    void aPersonsDatasetIsTheirsWhateverCreatedBySays() {
        assertThat(access.author(null, alice)).isEqualTo("alice");
        assertThat(access.author(" alice ", alice)).isEqualTo("alice");
        assertThatThrownBy(() -> access.author("bob", alice)).isInstanceOf(NotAllowed.class)
                .satisfies(e -> assertThat(((NotAllowed) e).field()).isEqualTo("createdBy"));
    }

    @Test
    void anAdminMayStoreForSomeone() {
        assertThat(access.author("bob", admin)).isEqualTo("bob");
        assertThat(access.author("", admin)).isEqualTo("root");
    }

    @Test
    void servicesAndAgentsStoreNothing() {
        assertThatThrownBy(() -> access.author(null, Caller.service("trainer-service"))).isInstanceOf(NotAllowed.class);
        assertThatThrownBy(() -> access.author(null, Caller.forAgent())).isInstanceOf(NotAllowed.class);
    }

    @Test
    void aPersonListsTheirOwnAnAdminAnyone() {
        assertThat(access.listedOwner(null, alice)).isEqualTo("alice");
        assertThat(access.listedOwner("alice", alice)).isEqualTo("alice");
        assertThatThrownBy(() -> access.listedOwner("bob", alice)).isInstanceOf(NotAllowed.class);
        assertThat(access.listedOwner(null, admin)).isNull();
        assertThat(access.listedOwner("bob", admin)).isEqualTo("bob");
        assertThatThrownBy(() -> access.listedOwner(null, Caller.service("trainer-service")))
                .isInstanceOf(NotAllowed.class);
    }
}
