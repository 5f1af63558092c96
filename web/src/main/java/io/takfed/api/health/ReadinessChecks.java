package io.takfed.api.health;

import io.takfed.connector.api.TransportStatus;
import io.takfed.persistence.DatabaseCheck;
import io.takfed.persistence.SchemaMigration;
import io.takfed.persistence.StartupComplete;
import io.takfed.transport.TransportGateway;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * MicroProfile Health: ready when start-up has finished, the database answers, the schema is at this build's newest migration, and the
 * resource adapter runs. EJBs are injected with {@code @Inject}: {@code @EJB} does not resolve here in an EAR.
 */
@ApplicationScoped
public class ReadinessChecks {

    @Inject
    private DatabaseCheck database;

    @Inject
    private SchemaMigration migration;

    @Inject
    private TransportGateway transport;

    @Inject
    private StartupComplete startup;

    @Produces
    @Liveness
    HealthCheck alive() {
        return () -> HealthCheckResponse.up("takfed");
    }

    @Produces
    @Readiness
    HealthCheck startupComplete() {
        return () -> HealthCheckResponse.named("startup").status(startup.complete() && WebModuleStarted.started())
                .build();
    }

    @Produces
    @Readiness
    HealthCheck databaseReachable() {
        return () -> {
            try {
                return HealthCheckResponse.named("database").status(database.reachable()).build();
            } catch (RuntimeException e) {
                return HealthCheckResponse.named("database").down().withData("error", e.getClass().getSimpleName())
                        .build();
            }
        };
    }

    @Produces
    @Readiness
    HealthCheck migrationsApplied() {
        return () -> {
            try {
                return HealthCheckResponse.named("migrations").status(migration.upToDate())
                        .withData("version", migration.version()).build();
            } catch (RuntimeException e) {
                return HealthCheckResponse.named("migrations").down().withData("error", e.getClass().getSimpleName())
                        .build();
            }
        };
    }

    @Produces
    @Readiness
    HealthCheck resourceAdapterStarted() {
        return () -> {
            TransportStatus status = transport.status();
            var response = HealthCheckResponse.named("federation-transport").status(status.started());
            if (status.started()) {
                response.withData("pki", status.pkiSource()).withData("fingerprint_sha256", status.fingerprintSha256())
                        .withData("subject", status.subject()).withData("not_after", status.notAfter().toString())
                        .withData("tls_protocols", String.join(",", status.tlsProtocols()))
                        .withData("v1", status.v1Listener()).withData("v2", status.v2Listener());
            }
            return response.build();
        };
    }
}
