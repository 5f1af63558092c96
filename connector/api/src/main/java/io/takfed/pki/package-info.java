/** PEM parsing, certificate identity and the development PKI, built on BouncyCastle without registering it globally. */
package io.takfed.pki;
