/**
 * Clientele's single JSON form (Jackson configuration). Depends only on the customer domain; no Lucene, no
 * Javalin.
 */
package dev.clientele.json;
