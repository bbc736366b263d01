/** Background jobs with progress (duplicate scans, imports). No Lucene, no Javalin. */
package dev.clientele.jobs;
