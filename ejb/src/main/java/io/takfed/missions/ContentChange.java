package io.takfed.missions;

import java.util.List;

/**
 * What one content request changed: the items it actually added or removed (those already there, or not there,
 * are left out) and the change-log entry it appended, {@code seq} null when it changed nothing. Answering with
 * this rather than the whole mission keeps a request's cost independent of the mission's size.
 */
public record ContentChange(String mission, List<String> uids, List<String> hashes, Long seq) {

    static ContentChange none(String mission) {
        return new ContentChange(mission, List.of(), List.of(), null);
    }
}
