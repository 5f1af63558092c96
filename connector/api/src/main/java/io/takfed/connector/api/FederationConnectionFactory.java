package io.takfed.connector.api;

import jakarta.resource.Referenceable;
import jakarta.resource.ResourceException;
import java.io.Serializable;

/** The connection factory the application looks up to talk to the federation transport. */
public interface FederationConnectionFactory extends Serializable, Referenceable {

    /** JNDI name under which both packagings declare the factory. */
    String JNDI_NAME = "java:app/takfed/federation";

    FederationConnection getConnection() throws ResourceException;
}
