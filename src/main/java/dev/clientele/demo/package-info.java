/** Synthetic customers for the demo and for benchmarks (datafaker). Depends on the customer domain only. */
package dev.clientele.demo;
