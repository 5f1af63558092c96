/** Helpers over the generated federation messages that encode what TAK peers expect beyond plain proto3. */
package io.takfed.wire;
