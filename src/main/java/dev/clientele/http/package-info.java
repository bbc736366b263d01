/**
 * The HTTP JSON API (Javalin): routes, request parsing, RFC 9457 error mapping. Thin handlers over the services;
 * no Lucene types, no business rules.
 */
package dev.clientele.http;
