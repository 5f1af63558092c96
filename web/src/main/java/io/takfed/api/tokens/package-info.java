/** Administration of API tokens: issue, list, revoke. */
package io.takfed.api.tokens;
