/** Federation health for operators and MicroProfile Health checks for orchestrators. */
package io.takfed.api.health;
