package io.takfed.api;

import io.takfed.api.problems.ApiException;
import io.takfed.api.problems.ApiProblem;

/** Query parameters as the API reads them: a malformed one is a 400 naming it, never a 404 or a 500. */
public final class QueryParams {

    private QueryParams() {
    }

    /** A whole number, or {@code fallback} when the parameter is absent. */
    public static long whole(String text, String field, long fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new ApiException(ApiProblem.field(field, "invalid-type", field + " must be a whole number"));
        }
    }
}
