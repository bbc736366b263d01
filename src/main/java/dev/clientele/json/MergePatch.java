package dev.clientele.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clientele.customer.Customer;
import java.util.Iterator;
import java.util.Map;

/** RFC 7396 JSON merge patch of a customer: a field set to null is removed, an object is merged into its field. */
public final class MergePatch {
    private MergePatch() {
    }

    /**
     * The customer with the patch applied, read back as a customer.
     *
     * @throws JsonProcessingException when a patched value cannot be read into its field (its path names it)
     */
    public static Customer apply(Customer current, ObjectNode patch) throws JsonProcessingException {
        ObjectNode target = Json.MAPPER.valueToTree(current);
        merge(target, patch);
        return Json.MAPPER.treeToValue(target, Customer.class);
    }

    private static void merge(ObjectNode target, ObjectNode patch) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode value = f.getValue();
            if (value.isNull()) {
                target.putNull(f.getKey());
            } else if (value.isObject() && target.get(f.getKey()) instanceof ObjectNode inner) {
                merge(inner, (ObjectNode) value);
            } else {
                target.set(f.getKey(), value);
            }
        }
    }
}
