/** Clientele's settings: the typed {@link dev.clientele.config.AppConfig} and its loader. Read by the app alone. */
package dev.clientele.config;
