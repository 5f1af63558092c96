/** Starts takfed from one jar: maps TAKFED_* settings to Payara Micro and sets the embedded defaults. */
package io.takfed.launcher;
