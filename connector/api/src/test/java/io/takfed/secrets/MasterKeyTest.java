package io.takfed.secrets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {

    @TempDir
    Path data;

    @Test
    void generatedOnceOwnerOnlyAndStable() throws Exception {
        MasterKey first = MasterKey.load(data, null);
        MasterKey second = MasterKey.load(data, null);
        assertArrayEquals(first.derive("x"), second.derive("x"));
        Path file = data.resolve("secrets/master.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    }

    @Test
    void aConfiguredKeyWinsOverTheFile() throws Exception {
        byte[] raw = new byte[32];
        raw[0] = 7;
        MasterKey configured = MasterKey.load(data, Base64.getEncoder().encodeToString(raw));
        assertArrayEquals(MasterKey.of(raw).derive("p"), configured.derive("p"));
        assertEquals(false, Files.exists(data.resolve("secrets/master.key")));
    }

    @Test
    void purposesNeverShareKeyMaterial() throws Exception {
        MasterKey key = MasterKey.load(data, null);
        assertEquals(false, java.util.Arrays.equals(key.derive("a"), key.derive("b")));
    }
}
