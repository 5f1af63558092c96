package io.takfed.peers;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/** What dialling a peer needs: the peer, its CA anchors and, if configured, our client chain and key for it. */
public record PeerCredentials(PeerView peer, List<X509Certificate> anchors, List<X509Certificate> clientChain,
                              Optional<PrivateKey> clientKey) {

    @Override
    public String toString() {
        return "PeerCredentials[" + peer.name() + ", anchors=" + anchors.size() + ", clientChain=" + clientChain.size()
                + "]";
    }
}
