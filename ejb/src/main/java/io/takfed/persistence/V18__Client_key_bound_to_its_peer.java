package io.takfed.persistence;

import io.takfed.peers.PeerCatalog;
import io.takfed.secrets.SecretCipher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Re-encrypts every stored client key with its peer's id in the associated data (issue 21 item 8): sealed for the
 * column alone, a key decrypted just as well in another peer's row, so whoever could write the database could give
 * one peer another's key. A key that no longer decrypts (the master key changed) is left as it is, as unreadable
 * as before. Java, because the cipher is the application's.
 */
public class V18__Client_key_bound_to_its_peer extends org.flywaydb.core.api.migration.BaseJavaMigration {

    private static final Logger LOG = Logger.getLogger(V18__Client_key_bound_to_its_peer.class.getName());

    private final SecretCipher cipher;

    public V18__Client_key_bound_to_its_peer(SecretCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public void migrate(org.flywaydb.core.api.migration.Context context) throws SQLException {
        Connection connection = context.getConnection();
        Map<Long, String> sealed = new LinkedHashMap<>();
        try (PreparedStatement read = connection.prepareStatement(
                "select id, client_key_ciphertext from federation_server where client_key_ciphertext is not null");
             ResultSet rows = read.executeQuery()) {
            while (rows.next()) {
                sealed.put(rows.getLong(1), rows.getString(2));
            }
        }
        try (PreparedStatement write = connection.prepareStatement(
                "update federation_server set client_key_ciphertext = ? where id = ?")) {
            for (Map.Entry<Long, String> row : sealed.entrySet()) {
                String key;
                try {
                    key = cipher.decrypt(row.getValue(), PeerCatalog.KEY_PURPOSE);
                } catch (SecretCipher.SecretUnreadableException e) {
                    LOG.log(Level.WARNING, "TAKFED-D002 The client key of federation server {0} does not decrypt "
                            + "with this master key; left as it is", row.getKey());
                    continue;
                }
                write.setString(1, cipher.encrypt(key, PeerCatalog.keyPurpose(row.getKey())));
                write.setLong(2, row.getKey());
                write.addBatch();
            }
            write.executeBatch();
        }
    }
}
