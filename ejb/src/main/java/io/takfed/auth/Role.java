package io.takfed.auth;

import java.util.Arrays;
import java.util.Optional;

/** What a token may do: administrators manage federation; observers may read health. */
public enum Role {
    ADMINISTRATOR("administrator"), OBSERVER("observer");

    public static final String ADMINISTRATOR_NAME = "administrator";
    public static final String OBSERVER_NAME = "observer";

    private final String label;

    Role(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Optional<Role> fromLabel(String label) {
        return Arrays.stream(values()).filter(r -> r.label.equals(label)).findFirst();
    }
}
