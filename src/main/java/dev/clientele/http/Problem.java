package dev.clientele.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem document ({@code application/problem+json}): the one error shape of the whole API.
 * {@code errors} lists field-level problems ({@code field} is a JSON path like {@code address.country}); for
 * files and NDJSON, {@code row} and {@code column} say where. {@code merged_into} and {@code merge_id} come with a
 * {@code 410} for a customer a merge removed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance,
                      List<?> errors, Long currentVersion, List<?> duplicates, String mergedInto,
                      String mergeId) {

    public static final String CONTENT_TYPE = "application/problem+json";

    /** One problem with one field (a file's problems are {@link FileError}s, with row and column). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Error(String field, String message) {
        public static Error field(String field, String message) {
            return new Error(field, message);
        }
    }

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem("/problems/" + slug, title, status, detail, null, null, null, null, null, null);
    }

    /**
     * Where a file could not be read, with the keys of an import report's row errors, each one always present:
     * {@code row} and {@code column} (a header name, or {@code column N}) are null when unknown.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record FileError(Integer row, String column, String message) {
    }

    public Problem withErrors(List<?> newErrors) {
        return new Problem(type, title, status, detail, instance, newErrors, currentVersion, duplicates, mergedInto,
                mergeId);
    }

    public Problem withDetail(String newDetail) {
        return new Problem(type, title, status, newDetail, instance, errors, currentVersion, duplicates,
                mergedInto, mergeId);
    }

    public Problem withInstance(String newInstance) {
        return new Problem(type, title, status, detail, newInstance, errors, currentVersion, duplicates,
                mergedInto, mergeId);
    }

    public Problem withDuplicates(List<?> found) {
        return new Problem(type, title, status, detail, instance, errors, currentVersion, found, mergedInto,
                mergeId);
    }

    /** For a customer a merge removed: the record that holds its data now, and the merge (which can be undone). */
    public Problem withMergedInto(String survivorId, String byMerge) {
        return new Problem(type, title, status, detail, instance, errors, currentVersion, duplicates, survivorId,
                byMerge);
    }

    public Problem withCurrentVersion(Long version) {
        return new Problem(type, title, status, detail, instance, errors, version, duplicates, mergedInto,
                mergeId);
    }
}
