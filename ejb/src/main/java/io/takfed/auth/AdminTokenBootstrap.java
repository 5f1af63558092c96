package io.takfed.auth;

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
 * token, prints it once on standard output and writes it to {@code <data dir>/admin-token} with mode 0600.
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
            LOG.log(Level.WARNING, "TAKFED-A002 Could not write {0}: {1}", new Object[] {file, e.getMessage()});
        }
        // Printed once, on purpose: this is the only way an operator learns the first token.
        System.out.println("""

                ============================================================================
                 takfed: administrator token (shown once; also saved to %s)
                   %s
                 Use it as:  Authorization: Bearer <token>
                ============================================================================
                """.formatted(file, token.secret()));
        LOG.log(Level.INFO, "TAKFED-A001 Issued the initial administrator token (id {0})", token.id());
    }
}
