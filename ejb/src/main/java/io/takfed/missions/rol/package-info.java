/** ROL, the Resource Operation Language missions travel in over federation v2: a parser and a writer. */
package io.takfed.missions.rol;
