/** The benchmark harness ({@code clientele bench}): generates data, imports it, measures with wrk. */
package dev.clientele.bench;
