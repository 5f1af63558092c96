package io.takfed.auth;

import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Issues and checks bearer tokens within the caller's transaction. A token carries 256 random bits, so a single
 * SHA-256 is a sufficient and constant-cost hash: there is no password to stretch.
 */
public final class TokenCatalog {

    static final String PREFIX = "tkf_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EntityManager em;

    public TokenCatalog(EntityManager em) {
        this.em = em;
    }

    public IssuedToken issue(String name, Role role) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        ApiToken token = new ApiToken(name, role, hash(secret));
        em.persist(token);
        em.flush();
        return new IssuedToken(token.getId(), name, role, token.getCreatedAt(), secret);
    }

    /**
     * The caller a presented token stands for. Every API request asks this: a result list, not a result stream,
     * which Hibernate serves through a scrollable cursor that took two thirds of a request's authentication.
     */
    public Optional<Caller> authenticate(String presented) {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 128) {
            return Optional.empty();
        }
        return em.createQuery("select t from ApiToken t where t.tokenHash = :hash", ApiToken.class)
                .setParameter("hash", hash(presented)).getResultList().stream().findFirst()
                .flatMap(t -> Role.fromLabel(t.getRole()).map(role -> new Caller(t.getId(), t.getName(), role)));
    }

    public List<TokenView> list() {
        return em.createQuery("select t from ApiToken t order by t.id", ApiToken.class).getResultList().stream()
                .map(t -> new TokenView(t.getId(), t.getName(), Role.fromLabel(t.getRole()).orElseThrow(),
                        t.getCreatedAt()))
                .toList();
    }

    /** Removes a token; false when there was none with this id. */
    public boolean revoke(long id) {
        ApiToken token = em.find(ApiToken.class, id);
        if (token == null) {
            return false;
        }
        em.remove(token);
        em.flush();
        return true;
    }

    public long count() {
        return em.createQuery("select count(t) from ApiToken t", Long.class).getSingleResult();
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
