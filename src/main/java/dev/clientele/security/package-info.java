/**
 * API keys, roles and authentication: hashed keys in {@code <data>/keys.json}, the role hierarchy
 * (reader &lt; editor &lt; admin) and the decision "who is this request and may it do that". Pure Java: does not
 * depend on Javalin, Lucene or the HTTP layer, which maps its exceptions to 401 and 403.
 */
package dev.clientele.security;
