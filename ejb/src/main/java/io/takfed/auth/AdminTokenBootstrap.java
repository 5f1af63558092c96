package io.takfed.auth;

import io.takfed.audit.AuditTrail;
import io.takfed.configuration.TakfedSettings;
import io.takfed.pki.SecureFiles;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * On a start with no tokens at all (the first start, or after every token was revoked), issues one administrator
 * token and writes it to {@code <data dir>/admin-token} with mode 0600; standard output shows the path, never it.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class AdminTokenBootstrap {

    public static final String FILE_NAME = "admin-token";
    private static final Logger LOG = Logger.getLogger(AdminTokenBootstrap.class.getName());

    @PersistenceContext(unitName = "takfed")
    private EntityManager em;

    @Inject
    private TakfedSettings settings;

    @PostConstruct
    void ensureAnAdministrator() {
        TokenCatalog tokens = new TokenCatalog(em);
        if (tokens.count() > 0) {
            return;
        }
        IssuedToken token = tokens.issue("initial-administrator", Role.ADMINISTRATOR);
        Path file = settings.dataDirectory().resolve(FILE_NAME);
        try {
            SecureFiles.writePrivate(file, token.secret() + "\n");
        } catch (IOException e) {
            // The file is the only place the token is told: without it the token would be issued and unknown.
            throw new IllegalStateException("TAKFED-A002 Could not write the first administrator token to " + file
                    + " (" + e.getMessage() + "); make the data directory writable and start again", e);
        }
        new AuditTrail(em).record(AuditTrail.SYSTEM, "token.issued", "token " + token.id(),
                "role administrator, name initial-administrator, saved to " + file);
        // Its path, not the token: a log is read by more people, and kept longer, than an owner-only file.
        System.out.println("""

                ============================================================================
                 takfed: the first administrator token is in %s (owner-only)
                 Use it as:  Authorization: Bearer $(cat %s)
                ============================================================================
                """.formatted(file, file));
        LOG.log(Level.INFO, "TAKFED-A001 Issued the initial administrator token (id {0})", token.id());
    }
}
