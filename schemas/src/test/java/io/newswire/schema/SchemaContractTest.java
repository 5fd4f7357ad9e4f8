package io.newswire.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.schema.v1.DeadLetter;
import io.newswire.schema.v1.EnrichedStory;
import io.newswire.schema.v1.IngestReceipt;
import io.newswire.schema.v1.IngestRefusal;
import io.newswire.schema.v1.NewsEvent;
import io.newswire.schema.v1.ParkedDelivery;
import io.newswire.schema.v1.RawStory;
import io.newswire.schema.v1.Subscription;
import io.newswire.schema.v1.WebhookRegistration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every topic's contract documents itself: a namespace on every named type and a doc on every
 * field.
 */
class SchemaContractTest {

  static Schema schemaOf(String name) {
    return switch (name) {
      case "RawStory" -> RawStory.getClassSchema();
      case "EnrichedStory" -> EnrichedStory.getClassSchema();
      case "NewsEvent" -> NewsEvent.getClassSchema();
      case "DeadLetter" -> DeadLetter.getClassSchema();
      case "WebhookRegistration" -> WebhookRegistration.getClassSchema();
      case "ParkedDelivery" -> ParkedDelivery.getClassSchema();
      case "Subscription" -> Subscription.getClassSchema();
      case "IngestReceipt" -> IngestReceipt.getClassSchema();
      case "IngestRefusal" -> IngestRefusal.getClassSchema();
      default -> throw new IllegalArgumentException(name);
    };
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "RawStory",
        "EnrichedStory",
        "NewsEvent",
        "DeadLetter",
        "WebhookRegistration",
        "ParkedDelivery",
        "Subscription",
        "IngestReceipt",
        "IngestRefusal"
      })
  void everyNamedTypeHasANamespaceAndADocAndEveryFieldADoc(String name) {
    List<String> problems = new ArrayList<>();
    walk(schemaOf(name), new HashSet<>(), problems);
    assertThat(problems).isEmpty();
  }

  private static void walk(Schema s, Set<String> seen, List<String> problems) {
    switch (s.getType()) {
      case RECORD, ENUM, FIXED -> {
        if (!seen.add(s.getFullName())) {
          return;
        }
        if (s.getNamespace() == null || s.getNamespace().isBlank()) {
          problems.add(s.getName() + " has no namespace");
        }
        if (s.getDoc() == null || s.getDoc().isBlank()) {
          problems.add(s.getFullName() + " has no doc");
        }
        if (s.getType() == Schema.Type.RECORD) {
          for (Schema.Field f : s.getFields()) {
            if (f.doc() == null || f.doc().isBlank()) {
              problems.add(s.getFullName() + "." + f.name() + " has no doc");
            }
            walk(f.schema(), seen, problems);
          }
        }
      }
      case ARRAY -> walk(s.getElementType(), seen, problems);
      case MAP -> walk(s.getValueType(), seen, problems);
      case UNION -> s.getTypes().forEach(t -> walk(t, seen, problems));
      default -> {}
    }
  }
}
