package dev.clientele.ingest;

/**
 * The order of the parts in a single full-name value: "Márton Kovács" is given-first, "Kovács Márton" (Hungarian)
 * and "Иванов Иван Петрович" (Russian ФИО) are family-first.
 */
public enum NameOrder {
    GIVEN_FIRST,
    FAMILY_FIRST
}
