package io.takfed.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes secrets owner-only from the first byte: the file is created with mode 0600 beside its target and
 * moved into place, so no reader ever sees it half-written or world-readable, and nothing goes to /tmp.
 */
public final class SecureFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

    private SecureFiles() {
    }

    public static void createPrivateDirectory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Files.createDirectories(directory.toAbsolutePath().getParent());
        try {
            Files.createDirectory(directory, attributes(OWNER_DIR));
        } catch (FileAlreadyExistsException raced) {
            // Another component created it first: fine.
        }
    }

    /** Writes the file owner-only, replacing any previous content atomically. */
    public static void writePrivate(Path target, byte[] content) throws IOException {
        createPrivateDirectory(target.toAbsolutePath().getParent());
        Path staging = target.resolveSibling("." + target.getFileName() + ".new");
        Files.deleteIfExists(staging);
        try (var channel = Files.newByteChannel(staging,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes(OWNER_ONLY))) {
            channel.write(java.nio.ByteBuffer.wrap(content));
        }
        Files.move(staging, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static void writePrivate(Path target, String content) throws IOException {
        writePrivate(target, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Creates the file owner-only only if it does not exist yet; returns false when another writer won.
     * Used for one-time material (master key) that two components may race to create.
     */
    public static boolean createPrivateOnce(Path target, byte[] content) throws IOException {
        createPrivateDirectory(target.toAbsolutePath().getParent());
        Path staging = Files.createTempFile(target.toAbsolutePath().getParent(), ".once", ".new",
                attributes(OWNER_ONLY));
        try {
            Files.write(staging, content);
            Files.createLink(target, staging);
            return true;
        } catch (FileAlreadyExistsException lost) {
            return false;
        } finally {
            Files.deleteIfExists(staging);
        }
    }

    private static FileAttribute<?>[] attributes(Set<PosixFilePermission> permissions) {
        boolean posix = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
    }
}
