package io.newswire.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * Whether a decoded record passes {@code tail}'s filters. Plain Java over the JSON form of any
 * topic's values.
 */
final class TailFilter {
  private TailFilter() {}

  static boolean matches(JsonNode value, Set<String> tags, String agency) {
    if (tags.isEmpty() && agency == null) {
      return true;
    }
    if (value == null || !value.isObject()) {
      return false;
    }
    if (agency != null) {
      String a = text(value, "agency");
      String s = text(value, "source");
      if (!agency.equalsIgnoreCase(a) && !agency.equalsIgnoreCase(s)) {
        return false;
      }
    }
    if (!tags.isEmpty()) {
      boolean any = false;
      for (String list : new String[] {"subjects", "tags"}) {
        JsonNode arr = value.get(list);
        if (arr != null && arr.isArray()) {
          for (JsonNode t : arr) {
            String code = t.hasNonNull("code") ? t.get("code").asText() : text(t, "id");
            if (code != null && tags.stream().anyMatch(code::equalsIgnoreCase)) {
              any = true;
            }
          }
        }
      }
      return any;
    }
    return true;
  }

  private static String text(JsonNode n, String field) {
    return n.hasNonNull(field) ? n.get(field).asText() : null;
  }
}
