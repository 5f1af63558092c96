package io.takfed.system;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for the admin API that returns status and parsed JSON. */
final class Api {

    /** One response: status, raw body and the body as JSON when it is an object. */
    record Reply(int status, String body, String contentType, java.net.http.HttpHeaders headers) {
        JsonObject json() {
            try (var reader = Json.createReader(new StringReader(body))) {
                return reader.readObject();
            }
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String token;

    Api(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    Api as(String otherToken) {
        return new Api(base, otherToken);
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, null);
    }

    Reply delete(String path) throws IOException, InterruptedException {
        return send("DELETE", path, null, null);
    }

    Reply post(String path, JsonValue body) throws IOException, InterruptedException {
        return send("POST", path, body == null ? "" : body.toString(), "application/json");
    }

    Reply put(String path, JsonValue body) throws IOException, InterruptedException {
        return send("PUT", path, body.toString(), "application/json");
    }

    Reply send(String method, String path, String body, String contentType) throws IOException, InterruptedException {
        return sendBytes(method, path, body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                contentType);
    }

    /** Any bytes as the body, UTF-8 or not. */
    Reply sendBytes(String method, String path, byte[] body, String contentType) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body(),
                response.headers().firstValue("Content-Type").orElse(""), response.headers());
    }
}
