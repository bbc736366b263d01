package dev.clientele.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clientele.customer.VersionConflictException;
import org.junit.jupiter.api.Test;

/** If-Match evaluated as RFC 9110 says: strong comparison, lists, and {@code *} only for an existing record. */
class PreconditionsTest {
    @Test
    void a_list_matches_when_any_strong_tag_is_the_current_version() {
        assertThat(Preconditions.expectedVersion("\"1\", \"4\"", 4L)).isEqualTo(4L);
        assertThat(Preconditions.expectedVersion("\"1\",\"4\"", 1L)).isEqualTo(1L);
        assertThat(Preconditions.expectedVersion("\"3\"", 3L)).isEqualTo(3L);
        assertThat(Preconditions.expectedVersion("3", 3L)).isEqualTo(3L);
        assertThat(Preconditions.expectedVersion(null, 3L)).isNull();
        assertThat(Preconditions.expectedVersion("  ", null)).isNull();
        assertThatThrownBy(() -> Preconditions.expectedVersion("\"1\", \"4\"", 2L))
                .isInstanceOfSatisfying(VersionConflictException.class, e -> assertThat(e.currentVersion())
                        .isEqualTo(2));
    }

    @Test
    void a_weak_tag_never_matches() {
        assertThatThrownBy(() -> Preconditions.expectedVersion("W/\"2\"", 2L))
                .isInstanceOfSatisfying(VersionConflictException.class, e -> assertThat(e.getMessage())
                        .contains("weak"));
        assertThat(Preconditions.expectedVersion("W/\"2\", \"2\"", 2L)).isEqualTo(2L);
    }

    @Test
    void a_star_matches_any_existing_record_and_no_absent_one() {
        assertThat(Preconditions.expectedVersion("*", 7L)).isEqualTo(7L);
        assertThatThrownBy(() -> Preconditions.expectedVersion("*", null))
                .isInstanceOf(VersionConflictException.class);
        assertThatThrownBy(() -> Preconditions.expectedVersion("\"1\"", null))
                .isInstanceOf(VersionConflictException.class);
    }

    @Test
    void malformed_headers_are_400() {
        for (String h : new String[] {"abc", "\"abc\"", "\"1\", ", "\"-1\"", "W/", "\"1\" \"2\""}) {
            assertThatThrownBy(() -> Preconditions.expectedVersion(h, 1L)).as(h)
                    .isInstanceOf(BadRequestException.class);
        }
    }
}
