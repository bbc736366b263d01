/** The picocli command line: {@code serve}, {@code generate} and friends. Wiring only; no business logic. */
package dev.clientele.cli;
