/** JSON-P with its provider looked up once, for every JSON takfed reads and writes. */
package io.takfed.json;
