package io.takfed.missions;

import io.takfed.peers.FederationPeer;
import jakarta.persistence.EntityManager;

/** Finds the peer a link belongs to: by id for one we dialled, by certificate for one that dialled us. */
final class Peers {

    private Peers() {
    }

    static FederationPeer of(EntityManager em, long peerId, String fingerprint) {
        if (peerId != 0) {
            return em.find(FederationPeer.class, peerId);
        }
        if (fingerprint == null) {
            return null;
        }
        return em.createNamedQuery(FederationPeer.BY_FINGERPRINT, FederationPeer.class)
                .setParameter("fingerprint", fingerprint).getResultList().stream().findFirst().orElse(null);
    }
}
