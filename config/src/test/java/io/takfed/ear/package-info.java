/** System test of the EAR on a real Payara Server 6, started and driven the way an administrator would. */
package io.takfed.ear;
