package io.newswire.enrich.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.schema.v1.EnrichedStory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

/**
 * news.enriched.v1 only grows compatibly: the current EnrichedStory reads what the first published
 * version wrote (BACKWARD, the registry's rule for the subject), and the first version's fields are
 * all still there, unchanged.
 */
class EnrichedStorySchemaTest {

  static Schema firstVersion() throws IOException {
    Schema current = EnrichedStory.getClassSchema();
    List<Schema> named = new ArrayList<>();
    collect(current, named);
    Schema.Parser parser = new Schema.Parser();
    parser.addTypes(
        named.stream().filter(s -> !s.getFullName().equals(current.getFullName())).toList());
    try (InputStream in =
        EnrichedStorySchemaTest.class.getResourceAsStream("/schemas/EnrichedStory-1.avsc")) {
      return parser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  static void collect(Schema s, List<Schema> out) {
    switch (s.getType()) {
      case RECORD -> {
        if (out.stream().noneMatch(o -> o.getFullName().equals(s.getFullName()))) {
          out.add(s);
          s.getFields().forEach(f -> collect(f.schema(), out));
        }
      }
      case ENUM, FIXED -> {
        if (out.stream().noneMatch(o -> o.getFullName().equals(s.getFullName()))) {
          out.add(s);
        }
      }
      case ARRAY -> collect(s.getElementType(), out);
      case MAP -> collect(s.getValueType(), out);
      case UNION -> s.getTypes().forEach(t -> collect(t, out));
      default -> {}
    }
  }

  @Test
  void theCurrentSchemaReadsWhatTheFirstVersionWrote() throws IOException {
    var result =
        SchemaCompatibility.checkReaderWriterCompatibility(
            EnrichedStory.getClassSchema(), firstVersion());
    assertThat(result.getType())
        .as(result.getDescription())
        .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
  }

  @Test
  void everyFieldOfTheFirstVersionIsUnchangedAndEveryNewFieldIsOptional() throws IOException {
    Schema first = firstVersion();
    Schema current = EnrichedStory.getClassSchema();
    for (Schema.Field f : first.getFields()) {
      assertThat(current.getField(f.name())).as(f.name()).isNotNull();
      // Parsing Canonical Form: the type as written on the wire (no docs, no Java string-type
      // hints)
      assertThat(SchemaNormalization.toParsingForm(current.getField(f.name()).schema()))
          .as(f.name())
          .isEqualTo(SchemaNormalization.toParsingForm(f.schema()));
      assertThat(current.getField(f.name()).defaultVal()).as(f.name()).isEqualTo(f.defaultVal());
    }
    for (Schema.Field f : current.getFields()) {
      if (first.getField(f.name()) == null) {
        // optional: a default a reader uses for records written before the field existed — null for
        // a value, the
        // empty list for a list
        assertThat(f.hasDefaultValue()).as(f.name()).isTrue();
        if (f.schema().getType() == Schema.Type.ARRAY) {
          assertThat(f.defaultVal()).as(f.name()).isEqualTo(List.of());
        } else {
          assertThat(f.schema().getType()).as(f.name()).isEqualTo(Schema.Type.UNION);
          assertThat(f.schema().getTypes().get(0).getType())
              .as(f.name())
              .isEqualTo(Schema.Type.NULL);
        }
      }
    }
  }
}
