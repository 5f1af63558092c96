package io.takfed.connector.v2;

import io.takfed.wire.v2.FederatedEvent;
import io.takfed.wire.v2.GeoEvent;

/**
 * GeoEvents as TAK Server 5.x puts them on the wire, for the TAK-like peers and the tests that feed them. TAK's
 * proto2-compatibility patch, meant to write lat, lon, hae, ce and le (fields 4-8) even when 0, does not apply to
 * the code protoc 3.25 generates, so a 5.x server leaves out each of them that is 0, as plain proto3 does. takfed
 * must rely on none of them being present: it passes the event's bytes through as they came.
 */
public final class TakEvents {

    /** TAK's value for an unknown circular or linear error. */
    public static final double UNKNOWN_ERROR = 999999;

    private TakEvents() {
    }

    /** A position report as a TAK 5.x server federates it: a zero coordinate is not on the wire at all. */
    public static GeoEvent.Builder position(String uid, String type, double lat, double lon) {
        return asTakEncodes(GeoEvent.newBuilder().setUid(uid).setType(type).setCoordSource("m-g").setLat(lat)
                .setLon(lon).setCe(UNKNOWN_ERROR).setLe(UNKNOWN_ERROR).setOther("<detail/>"));
    }

    public static FederatedEvent event(GeoEvent.Builder event) {
        return FederatedEvent.newBuilder().setEvent(asTakEncodes(event)).build();
    }

    /** Leaves out each of fields 4-8 that is 0, as TAK 5.x's encoder does. */
    public static GeoEvent.Builder asTakEncodes(GeoEvent.Builder event) {
        if (event.hasLat() && event.getLat() == 0) {
            event.clearLat();
        }
        if (event.hasLon() && event.getLon() == 0) {
            event.clearLon();
        }
        if (event.hasHae() && event.getHae() == 0) {
            event.clearHae();
        }
        if (event.hasCe() && event.getCe() == 0) {
            event.clearCe();
        }
        if (event.hasLe() && event.getLe() == 0) {
            event.clearLe();
        }
        return event;
    }
}
