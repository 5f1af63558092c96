package io.takfed.wire;

import io.takfed.wire.v2.GeoEvent;

/**
 * Encodes GeoEvents the way TAK's patched encoder does: lat, lon, hae, ce and le (fields 4-8) are written even
 * when they are 0, because proto2-era peers read a missing field differently from a zero. The .proto declares
 * them with explicit presence; this makes sure every event we originate has all five set.
 */
public final class GeoEvents {

    private GeoEvents() {
    }

    /** Sets each of fields 4-8 that is absent to its value (0 for position, 999999 for unknown error). */
    public static GeoEvent.Builder withPointFields(GeoEvent.Builder event) {
        if (!event.hasLat()) {
            event.setLat(0);
        }
        if (!event.hasLon()) {
            event.setLon(0);
        }
        if (!event.hasHae()) {
            event.setHae(0);
        }
        if (!event.hasCe()) {
            event.setCe(UNKNOWN_ERROR);
        }
        if (!event.hasLe()) {
            event.setLe(UNKNOWN_ERROR);
        }
        return event;
    }

    /** TAK's value for an unknown circular or linear error. */
    public static final double UNKNOWN_ERROR = 999999;
}
