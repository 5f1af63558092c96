/** Settings read through MicroProfile Config, with the seed document's variable names and takfed's defaults. */
package io.takfed.configuration;
