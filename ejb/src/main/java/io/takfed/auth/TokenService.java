package io.takfed.auth;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

/** The token catalogue with container transactions, for the web tier. */
@Stateless
public class TokenService {

    @PersistenceContext(unitName = "takfed")
    private EntityManager em;

    public Optional<Caller> authenticate(String presented) {
        return new TokenCatalog(em).authenticate(presented);
    }

    public IssuedToken issue(String name, Role role) {
        return new TokenCatalog(em).issue(name, role);
    }

    public List<TokenView> list() {
        return new TokenCatalog(em).list();
    }

    public boolean revoke(long id) {
        return new TokenCatalog(em).revoke(id);
    }
}
