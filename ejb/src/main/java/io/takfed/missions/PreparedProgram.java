package io.takfed.missions;

import io.takfed.missions.rol.RolProgram;
import io.takfed.missions.rol.RolReader;
import io.takfed.missions.rol.RolSyntaxException;
import io.takfed.persistence.ChangeKeyPrefix;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a received program is before the change log writer takes it: its key (the change's identity) and its parse.
 * The receiver works this out on its own thread while the writer applies the batch before, so that the one writer
 * spends its time in the database: parsing and hashing were a fifth of its time, and in a drain the writer, not
 * the machine, is the limit (the receiving process used one of the two cores).
 *
 * @param key         the SHA-256 of the program text and of the digest of each payload
 * @param keyPrefix   what the change log indexes of the key (see {@link ChangeKeyPrefix})
 * @param program     the parsed program, or null when it is not ROL
 * @param syntaxError why it is not ROL, when it is not
 */
public record PreparedProgram(String key, Long keyPrefix, RolProgram program, String syntaxError) {

    /** With {@code reader}, which a batch's programs share. */
    public static PreparedProgram of(String program, List<byte[]> payloads, RolReader reader) {
        StringBuilder text = new StringBuilder(program);
        for (byte[] payload : payloads) {
            text.append('\n').append(MissionCatalog.sha256(payload));
        }
        String key = MissionCatalog.sha256(text.toString().getBytes(StandardCharsets.UTF_8));
        try {
            RolProgram read = reader.readOne(program);
            return new PreparedProgram(key, ChangeKeyPrefix.of(key, read.date()), read, null);
        } catch (RolSyntaxException e) {
            return new PreparedProgram(key, ChangeKeyPrefix.of(key), null, e.getMessage());
        }
    }
}
