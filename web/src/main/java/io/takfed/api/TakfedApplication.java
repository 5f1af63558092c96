package io.takfed.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Every API resource lives under /api, as in OpenTAKServer. */
@ApplicationPath("/api")
public class TakfedApplication extends Application {
}
