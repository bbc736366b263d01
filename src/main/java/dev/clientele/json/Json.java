package dev.clientele.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.clientele.customer.Customer;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON configuration of Clientele: snake_case names, ISO-8601 dates, lower-case enum names, unknown
 * fields rejected, and bounded nesting and string sizes so hostile input fails fast. Shared by the HTTP API,
 * the index's stored source and NDJSON import/export, so a customer has exactly one JSON form everywhere.
 */
public final class Json {
    /** Deepest nesting accepted in any JSON input (a customer needs 3). */
    public static final int MAX_DEPTH = 32;
    /** Longest single string value accepted (notes are the longest field). */
    public static final int MAX_STRING = 1_000_000;

    /**
     * How every instant is written: UTC with exactly three fraction digits ({@code 2026-11-26T13:18:20.000Z}), so
     * timestamps have one fixed shape (Instant.toString leaves out a zero fraction and writes micro- or nanoseconds
     * when present). Reading accepts any ISO-8601 instant.
     */
    public static final java.time.format.DateTimeFormatter INSTANT_FORMAT =
            new java.time.format.DateTimeFormatterBuilder().appendInstant(3).toFormatter(java.util.Locale.ROOT);

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new JavaTimeModule())
            // Registered after JavaTimeModule, so its Instant serializer wins.
            .addModule(new com.fasterxml.jackson.databind.module.SimpleModule("clientele-instants")
                    .addSerializer(java.time.Instant.class, new InstantSerializer()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
            .enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING)
            .enable(com.fasterxml.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .configure(EnumFeature.WRITE_ENUMS_TO_LOWERCASE, false)
            // Never echo input text in error messages: they reach logs, and input is personal data.
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            // Jackson's own correctly rounded parsers (the same values as the JDK's): the JDK's Double.parseDouble
            // was a fifth of reading the review journal at start (every pair's score and field weights).
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER, StreamReadFeature.USE_FAST_BIG_NUMBER_PARSER)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .addMixIn(Customer.class, CustomerWithoutBase.class)
            // Records' helper methods such as Address.isEmpty() are not properties.
            .visibility(com.fasterxml.jackson.annotation.PropertyAccessor.IS_GETTER,
                    com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.NONE)
            // A number or true/false where text belongs ("first_name": 123) is a wrong type (400), not the text "123":
            // ALLOW_COERCION_OF_SCALARS above only stops text becoming numbers.
            .withCoercionConfig(LogicalType.Textual, c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    /**
     * Reads customers from files other programs wrote (NDJSON import): as {@link #MAPPER}, but a number where text
     * belongs is read as its text, since their exports often write customer numbers, postal codes or phones as
     * numbers ({@code "external_id": 4711}). true/false stays a wrong type.
     */
    public static final ObjectMapper FILE_MAPPER = MAPPER.copy();

    static {
        FILE_MAPPER.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert)
                .setCoercion(CoercionInputShape.Float, CoercionAction.TryConvert);
        for (ObjectMapper mapper : new ObjectMapper[] {MAPPER, FILE_MAPPER}) {
            mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_STRING)
                    .maxNumberLength(100)
                    .build());
        }
    }

    private Json() {
    }

    /**
     * A customer's {@code spend_currency} and {@code uncounted_spend} are null without a base currency and then left
     * out, so a customer's JSON (answers, exports, the stored source) is exactly what it was before base currencies.
     */
    private abstract static class CustomerWithoutBase {
        @JsonInclude(JsonInclude.Include.NON_NULL)
        abstract String spendCurrency();

        @JsonInclude(JsonInclude.Include.NON_NULL)
        abstract java.util.List<dev.clientele.customer.Money> uncountedSpend();
    }

    /** An instant in the one form JSON and CSV exports write it ({@link #INSTANT_FORMAT}); null for null. */
    public static String instant(java.time.Instant instant) {
        return instant == null ? null : INSTANT_FORMAT.format(instant);
    }

    private static final class InstantSerializer extends com.fasterxml.jackson.databind.ser.std.StdSerializer<
            java.time.Instant> {
        InstantSerializer() {
            super(java.time.Instant.class);
        }

        @Override
        public void serialize(java.time.Instant value, com.fasterxml.jackson.core.JsonGenerator gen,
                com.fasterxml.jackson.databind.SerializerProvider provider) throws IOException {
            gen.writeString(INSTANT_FORMAT.format(value));
        }
    }

    public static byte[] toBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String toString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether a refused value is a number or true/false where text belongs: Jackson reports it as an invalid value
     * ("has an invalid value 123"), which reads as if 123 were a bad name; it is a wrong type.
     */
    public static boolean isScalarForText(com.fasterxml.jackson.databind.exc.InvalidFormatException e) {
        return e.getTargetType() == String.class && (e.getValue() instanceof Number || e.getValue() instanceof Boolean);
    }

    /** Reads a customer from JSON bytes; throws Jackson's exceptions, which carry the location and path. */
    public static Customer readCustomer(byte[] bytes) throws IOException {
        return MAPPER.readValue(bytes, Customer.class);
    }
}
