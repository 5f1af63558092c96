package io.takfed.auth;

import io.takfed.audit.AuditTrail;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

/** The token catalogue with container transactions, for the web tier; issuing and revoking are audited. */
@Stateless
public class TokenService {

    @PersistenceContext(unitName = "takfed")
    private EntityManager em;

    public Optional<Caller> authenticate(String presented) {
        return new TokenCatalog(em).authenticate(presented);
    }

    public IssuedToken issue(String name, Role role, String actor) {
        IssuedToken issued = new TokenCatalog(em).issue(name, role);
        // The secret never reaches the trail: the token is named by id, name and role.
        new AuditTrail(em).record(actor, "token.issued", "token " + issued.id(), "role " + role.label() + ", name "
                + name);
        return issued;
    }

    public List<TokenView> list() {
        return new TokenCatalog(em).list();
    }

    public boolean revoke(long id, String actor) {
        boolean revoked = new TokenCatalog(em).revoke(id);
        if (revoked) {
            new AuditTrail(em).record(actor, "token.revoked", "token " + id, null);
        }
        return revoked;
    }
}
