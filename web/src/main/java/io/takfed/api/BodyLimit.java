package io.takfed.api;

import io.takfed.api.problems.ApiException;
import io.takfed.api.problems.ApiProblem;
import io.takfed.configuration.TakfedSettings;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A JSON request body is read once here, at most {@code TAKFED_MAX_JSON_BYTES} of it (1 MiB unless set): more is a
 * 413 {@code body-too-large} before the rest is read, and bytes that are not UTF-8 a 400 {@code malformed-json},
 * where the body's decoding would otherwise put U+FFFD in their place and go on. Uploads are not JSON and stream.
 */
@Provider
@Priority(Priorities.ENTITY_CODER)
public class BodyLimit implements ContainerRequestFilter {

    @Inject
    private TakfedSettings settings;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        MediaType type = request.getMediaType();
        if (type == null || !request.hasEntity() || !type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            return;
        }
        int limit = settings.maxJsonBytes();
        if (request.getLength() > limit) {
            throw tooLarge(limit);
        }
        byte[] body = request.getEntityStream().readNBytes(limit + 1);
        if (body.length > limit) {
            throw tooLarge(limit);
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new ApiException(ApiProblem.of(400, "malformed-json", "Malformed JSON",
                    "the request body is refused: it is not UTF-8"));
        }
        request.setEntityStream(new ByteArrayInputStream(body));
    }

    private static ApiException tooLarge(int limit) {
        return new ApiException(ApiProblem.of(413, "body-too-large", "Body too large",
                "a JSON body may be at most " + limit + " bytes (TAKFED_MAX_JSON_BYTES)"));
    }
}
