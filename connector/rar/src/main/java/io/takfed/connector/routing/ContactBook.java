package io.takfed.connector.routing;

import io.takfed.wire.v2.CRUD;
import io.takfed.wire.v2.ContactListEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The contacts each federate has announced on its current link, v1 or v2 (spec 3.5.4, 4.1, 5.3): CREATE and UPDATE add,
 * DELETE removes. A link's contacts live exactly as long as the link.
 */
final class ContactBook {

    private final Map<Federate, Map<String, ContactListEntry>> byFederate = new ConcurrentHashMap<>();

    void record(Federate from, ContactListEntry contact) {
        Map<String, ContactListEntry> contacts = byFederate.computeIfAbsent(from, f -> new LinkedHashMap<>());
        synchronized (contacts) {
            if (contact.getOperation() == CRUD.DELETE) {
                contacts.remove(contact.getUid());
            } else if (contact.getOperation() == CRUD.CREATE || contact.getOperation() == CRUD.UPDATE) {
                contacts.put(contact.getUid(), contact.toBuilder().setOperation(CRUD.CREATE).build());
            }
        }
    }

    /** Everything {@code owner} announced, as CREATE entries. */
    List<ContactListEntry> of(Federate owner) {
        Map<String, ContactListEntry> contacts = byFederate.get(owner);
        if (contacts == null) {
            return List.of();
        }
        synchronized (contacts) {
            return new ArrayList<>(contacts.values());
        }
    }

    /** Forgets the owner's contacts and returns them as DELETE entries for the federates that saw them. */
    List<ContactListEntry> remove(Federate owner) {
        Map<String, ContactListEntry> contacts = byFederate.remove(owner);
        if (contacts == null) {
            return List.of();
        }
        synchronized (contacts) {
            return contacts.values().stream().map(c -> c.toBuilder().setOperation(CRUD.DELETE).build()).toList();
        }
    }

    Iterable<Federate> owners() {
        return byFederate.keySet();
    }
}
