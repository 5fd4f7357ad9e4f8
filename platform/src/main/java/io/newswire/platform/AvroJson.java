package io.newswire.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;

/**
 * Avro records as plain JSON for people and HTTP consumers: unions as their value (not Avro's
 * {"type": value} wrapping), enums as strings, timestamps as ISO-8601, bytes as base64.
 */
public final class AvroJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private AvroJson() {}

  public static ObjectNode toJson(IndexedRecord record) {
    return (ObjectNode) value(record, record.getSchema());
  }

  private static JsonNode value(Object v, Schema s) {
    if (v == null) {
      return F.nullNode();
    }
    switch (s.getType()) {
      case RECORD -> {
        IndexedRecord r = (IndexedRecord) v;
        ObjectNode o = F.objectNode();
        for (Schema.Field f : s.getFields()) {
          o.set(f.name(), value(r.get(f.pos()), f.schema()));
        }
        return o;
      }
      case UNION -> {
        // A value is never null here; with one non-null branch (our [null, T] unions) that is the
        // branch, whatever
        // Java type a logical type gives the value (Instant for timestamp-millis, which GenericData
        // cannot match).
        List<Schema> nonNull =
            s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).toList();
        Schema branch =
            nonNull.size() == 1
                ? nonNull.get(0)
                : s.getTypes().get(GenericData.get().resolveUnion(s, v));
        return value(v, branch);
      }
      case ARRAY -> {
        ArrayNode a = F.arrayNode();
        for (Object item : (Collection<?>) v) {
          a.add(value(item, s.getElementType()));
        }
        return a;
      }
      case MAP -> {
        ObjectNode o = F.objectNode();
        ((Map<?, ?>) v).forEach((k, item) -> o.set(k.toString(), value(item, s.getValueType())));
        return o;
      }
      case BYTES -> {
        ByteBuffer b = ((ByteBuffer) v).duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return F.textNode(Base64.getEncoder().encodeToString(bytes));
      }
      case LONG -> {
        if (v instanceof Instant i) {
          return F.textNode(i.toString());
        }
        return F.numberNode(((Number) v).longValue());
      }
      case INT -> {
        return F.numberNode(((Number) v).intValue());
      }
      case FLOAT, DOUBLE -> {
        return F.numberNode(((Number) v).doubleValue());
      }
      case BOOLEAN -> {
        return F.booleanNode((Boolean) v);
      }
      default -> {
        return F.textNode(v.toString()); // STRING, ENUM, FIXED
      }
    }
  }
}
