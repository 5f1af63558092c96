package io.takfed.connector.transport.tls;

import io.takfed.connector.transport.ConnectorSettings;
import io.takfed.pki.DevelopmentPki;
import io.takfed.pki.KeyMatch;
import io.takfed.pki.Pem;
import io.takfed.pki.PemException;
import io.takfed.pki.SecureFiles;
import io.takfed.secrets.MasterKey;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Loads the federation identity: the operator's files when configured, else the development PKI in
 * {@code <data dir>/pki}, generated on first start. Refuses a key that does not match its certificate.
 */
public final class IdentityLoader {

    private static final Logger LOG = Logger.getLogger(IdentityLoader.class.getName());
    static final String KEY_PURPOSE = "pki/server.key";

    private final ConnectorSettings settings;

    public IdentityLoader(ConnectorSettings settings) {
        this.settings = settings;
    }

    public FederationIdentity load() throws IOException, PemException {
        if (settings.certFile().isPresent() != settings.keyFile().isPresent()) {
            throw new PemException("OTS_FEDERATION_CERT_FILE and OTS_FEDERATION_KEY_FILE must be set together");
        }
        List<X509Certificate> trusted = new ArrayList<>();
        FederationIdentity identity = settings.certFile().isPresent() ? configured(trusted) : development(trusted);
        trusted.addAll(truststoreDirectory());
        return new FederationIdentity(identity.key(), identity.chain(), List.copyOf(new LinkedHashSet<>(trusted)),
                identity.source());
    }

    private FederationIdentity configured(List<X509Certificate> trusted) throws IOException, PemException {
        List<X509Certificate> chain = Pem.certificates(read(settings.certFile().get()));
        char[] password = settings.keyPassword().map(String::toCharArray).orElse(null);
        PrivateKey key = Pem.privateKey(read(settings.keyFile().get()), password);
        if (!KeyMatch.matches(key, chain.get(0))) {
            throw new PemException("OTS_FEDERATION_KEY_FILE does not hold the private key of OTS_FEDERATION_CERT_FILE");
        }
        Optional<Path> caFile = settings.caFile();
        List<X509Certificate> fullChain = new ArrayList<>(chain);
        if (caFile.isPresent()) {
            List<X509Certificate> cas = Pem.certificates(read(caFile.get()));
            trusted.addAll(cas);
            // TAK expects [leaf, CA]: complete a leaf-only file with its issuer from the CA file.
            if (chain.size() == 1) {
                cas.stream().filter(ca -> ca.getSubjectX500Principal().equals(chain.get(0).getIssuerX500Principal()))
                        .findFirst().ifPresent(fullChain::add);
            }
        }
        return new FederationIdentity(key, fullChain, trusted, FederationIdentity.Source.CONFIGURED);
    }

    private FederationIdentity development(List<X509Certificate> trusted) throws IOException, PemException {
        Path pki = settings.dataDirectory().resolve("pki");
        Path serverPem = pki.resolve("server.pem");
        Path serverKey = pki.resolve("server.key");
        MasterKey masterKey = MasterKey.load(settings.dataDirectory(), settings.masterKey().orElse(null));
        if (!Files.exists(serverPem) || !Files.exists(serverKey)) {
            generate(pki, masterKey);
        }
        List<X509Certificate> chain = Pem.certificates(read(serverPem));
        PrivateKey key = Pem.privateKey(read(serverKey), masterKey.password(KEY_PURPOSE));
        if (!KeyMatch.matches(key, chain.get(0))) {
            throw new PemException(serverKey + " does not hold the private key of " + serverPem);
        }
        trusted.addAll(Pem.certificates(read(pki.resolve("ca.pem"))));
        settings.caFile().ifPresent(file -> {
            try {
                trusted.addAll(Pem.certificates(read(file)));
            } catch (IOException | PemException e) {
                throw new IllegalStateException("OTS_FEDERATION_CA_FILE " + file + ": " + e.getMessage(), e);
            }
        });
        LOG.log(Level.WARNING, "TAKFED-P001 Using the DEVELOPMENT federation PKI in {0}. It is self-signed and "
                + "meant for trials and tests only: configure OTS_FEDERATION_CERT_FILE, OTS_FEDERATION_KEY_FILE and "
                + "OTS_FEDERATION_CA_FILE with your own federation CA for production.", pki);
        return new FederationIdentity(key, chain, trusted, FederationIdentity.Source.GENERATED);
    }

    private void generate(Path pki, MasterKey masterKey) throws IOException {
        String host = hostname();
        SecureFiles.createPrivateDirectory(pki);
        DevelopmentPki.Issued ca = DevelopmentPki.certificateAuthority("takfed development CA " + host);
        List<String> dns = new ArrayList<>(List.of(host));
        if (!"localhost".equals(host)) {
            dns.add("localhost");
        }
        DevelopmentPki.Issued server = DevelopmentPki.federationCertificate(ca, host, dns,
                List.of(InetAddress.getLoopbackAddress()));
        // Keys are written encrypted under a password derived from the master key, certificates in the clear.
        SecureFiles.writePrivate(pki.resolve("ca.key"), Pem.encryptedPrivateKey(ca.key(), masterKey.password("pki/ca.key")));
        SecureFiles.writePrivate(pki.resolve("ca.pem"), Pem.write(ca.certificate()));
        SecureFiles.writePrivate(pki.resolve("server.key"),
                Pem.encryptedPrivateKey(server.key(), masterKey.password(KEY_PURPOSE)));
        SecureFiles.writePrivate(pki.resolve("server.pem"), Pem.write(server.chain().toArray()));
        LOG.log(Level.WARNING, "TAKFED-P002 Generated a DEVELOPMENT federation PKI for host {0} in {1}", new Object[] {host, pki});
    }

    private String hostname() {
        return settings.hostname().orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getCanonicalHostName();
            } catch (UnknownHostException e) {
                return "localhost";
            }
        });
    }

    private List<X509Certificate> truststoreDirectory() throws IOException {
        List<X509Certificate> trusted = new ArrayList<>();
        if (settings.truststoreDir().isEmpty() || !Files.isDirectory(settings.truststoreDir().get())) {
            return trusted;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(settings.truststoreDir().get())) {
            for (Path file : files) {
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                try {
                    trusted.addAll(Pem.certificates(read(file)));
                } catch (PemException e) {
                    LOG.log(Level.WARNING, "TAKFED-P003 Skipping {0} in the federation truststore: {1}",
                            new Object[] {file, e.getMessage()});
                }
            }
        }
        return trusted;
    }

    /**
     * The files the identity is read from right now, each with a digest of its content: two equal stamps mean
     * nothing was changed, whatever the file system's time stamps say.
     */
    public java.util.Map<Path, String> stamp() throws IOException {
        List<Path> files = new ArrayList<>();
        if (settings.certFile().isPresent()) {
            files.add(settings.certFile().get());
            settings.keyFile().ifPresent(files::add);
        } else {
            Path pki = settings.dataDirectory().resolve("pki");
            files.addAll(List.of(pki.resolve("server.pem"), pki.resolve("server.key"), pki.resolve("ca.pem")));
        }
        settings.caFile().ifPresent(files::add);
        if (settings.truststoreDir().isPresent() && Files.isDirectory(settings.truststoreDir().get())) {
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(settings.truststoreDir().get())) {
                dir.forEach(files::add);
            }
        }
        java.util.Map<Path, String> stamp = new java.util.TreeMap<>();
        for (Path file : files) {
            stamp.put(file, Files.isRegularFile(file) ? digest(Files.readAllBytes(file)) : "missing");
        }
        return stamp;
    }

    private static String digest(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.US_ASCII);
    }
}
