package io.takfed.peers;

import jakarta.ejb.ApplicationException;
import java.util.List;

/** A request that breaks the rules; every broken rule is listed, and the transaction rolls back. */
@ApplicationException(rollback = true)
public class ValidationException extends RuntimeException {

    private final transient List<FieldError> errors;

    public ValidationException(List<FieldError> errors) {
        super(errors.isEmpty() ? "invalid" : errors.get(0).field() + ": " + errors.get(0).message());
        this.errors = List.copyOf(errors);
    }

    public ValidationException(FieldError error) {
        this(List.of(error));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
