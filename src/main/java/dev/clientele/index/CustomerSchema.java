package dev.clientele.index;

import dev.clientele.customer.Customer;
import dev.clientele.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.util.BytesRef;

/**
 * The only place where index field names and types live: how a {@link Customer} becomes a Lucene document and
 * back. The stored {@code _source} JSON is the system of record; every other field is derived from it and can
 * be rebuilt by re-indexing the sources (see {@link #SCHEMA_VERSION}).
 */
public final class CustomerSchema {
    /** Bumped when derived fields change; an index with another version is re-indexed from its sources at open. */
    public static final int SCHEMA_VERSION = 3;

    /** Server-made id. KeywordField: exact term for updateDocument/delete, doc values for tie-break sorting. */
    public static final String ID = "id";
    /** The caller's own key. StringField: only ever looked up exactly (upsert by external id). */
    public static final String EXTERNAL_ID = "external_id";
    /** The customer as canonical JSON; stored only, never searched. */
    public static final String SOURCE = "_source";
    /** Creation and last-change time, epoch millis; LongField for range filters and sorting. */
    public static final String CREATED_AT = "created_at";
    public static final String UPDATED_AT = "updated_at";

    private CustomerSchema() {
    }

    /** The document for a customer that has an id. */
    public static Document toDocument(Customer c) {
        Document doc = new Document();
        doc.add(new KeywordField(ID, c.id(), Field.Store.NO));
        if (c.externalId() != null) {
            doc.add(new StringField(EXTERNAL_ID, c.externalId(), Field.Store.NO));
        }
        doc.add(new StoredField(SOURCE, new BytesRef(Json.toBytes(c))));
        if (c.createdAt() != null) {
            doc.add(new LongField(CREATED_AT, c.createdAt().toEpochMilli(), Field.Store.NO));
        }
        if (c.updatedAt() != null) {
            doc.add(new LongField(UPDATED_AT, c.updatedAt().toEpochMilli(), Field.Store.NO));
        }
        FacetFields.addTo(doc, c);
        return doc;
    }

    /** Reads the customer of one document from its stored source. */
    public static Customer fromStored(StoredFields stored, int docId) throws IOException {
        Document doc = stored.document(docId, java.util.Set.of(SOURCE));
        BytesRef source = doc.getBinaryValue(SOURCE);
        if (source == null) {
            throw new IndexException("document " + docId + " has no " + SOURCE);
        }
        return fromSource(source);
    }

    static Customer fromSource(BytesRef source) {
        try {
            return Json.MAPPER.readValue(source.bytes, source.offset, source.length, Customer.class);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt stored customer", e);
        }
    }
}
