package io.newswire.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.SchemaProvisioner;
import io.newswire.platform.Topics;
import io.newswire.schema.v1.ParsedFields;
import io.newswire.schema.v1.PubStatus;
import io.newswire.schema.v1.RawStory;
import io.newswire.schema.v1.StoryFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;

/**
 * The shared fixture gives a real broker and a real registry that govern the pipeline's contracts.
 */
@WithPipelineInfra
class PipelineInfraIT {

  @Test
  void everySubjectIsRegisteredAndBackwardCompatible(PipelineInfra infra) throws Exception {
    SchemaProvisioner registry = new SchemaProvisioner(infra.kafka());
    for (Topics.Spec spec :
        Topics.all(3)) { // every topic has a value schema, the webhook topics too
      assertThat(registry.compatibility(Topics.valueSubject(spec.name())))
          .as(spec.name())
          .isEqualTo("BACKWARD");
    }
  }

  @Test
  void theRegistryRefusesABreakingChangeToAContract(PipelineInfra infra) throws Exception {
    SchemaProvisioner registry = new SchemaProvisioner(infra.kafka());
    // A new required field without a default cannot read the records already written: not BACKWARD
    // compatible.
    Schema current = RawStory.getClassSchema();
    var fields = current.getFields().stream().map(f -> new Schema.Field(f, f.schema())).toList();
    var breaking = new java.util.ArrayList<>(fields);
    breaking.add(
        new Schema.Field("desk", Schema.create(Schema.Type.STRING), "the desk that handled it"));
    Schema broken =
        Schema.createRecord(
            current.getName(), current.getDoc(), current.getNamespace(), false, breaking);

    var refused = registry.register(Topics.valueSubject(Topics.RAW), broken);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.accepted()).isFalse();

    // ... while a compatible evolution (an optional field with a default) would be accepted.
    var optional =
        new java.util.ArrayList<>(
            current.getFields().stream().map(f -> new Schema.Field(f, f.schema())).toList());
    optional.add(
        new Schema.Field(
            "desk",
            SchemaBuilder.unionOf().nullType().and().stringType().endUnion(),
            "the desk",
            Schema.Field.NULL_DEFAULT_VALUE));
    Schema evolved =
        Schema.createRecord(
            current.getName(), current.getDoc(), current.getNamespace(), false, optional);
    // checked, not registered, so the shared registry keeps the project's own contract as the
    // latest version
    assertThat(registry.isCompatible(Topics.valueSubject(Topics.RAW), evolved)).isTrue();
    assertThat(registry.isCompatible(Topics.valueSubject(Topics.RAW), broken)).isFalse();
  }

  @Test
  void recordsUseTheConfluentWireFormatAndTheirIdResolvesThroughTheCompatibleApi(
      PipelineInfra infra) throws Exception {
    RawStory story =
        RawStory.newBuilder()
            .setUrn("urn:newswire:test:wire-1")
            .setAgency("test")
            .setAgencyStoryId("wire-1")
            .setVersion(1)
            .setReceivedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
            .setIngestId("i-1")
            .setFormat(StoryFormat.PLAIN_TEXT)
            .setContentType("text/plain")
            .setPayload(ByteBuffer.wrap("Bonjour".getBytes(StandardCharsets.UTF_8)))
            .setPubStatus(PubStatus.usable)
            .setParsed(ParsedFields.newBuilder().setBody("Bonjour").build())
            .build();
    byte[] bytes;
    try (var serializer = AvroSerdes.<RawStory>serializer(infra.kafka(), false)) {
      bytes = serializer.serialize(Topics.RAW, story);
    }
    assertThat(bytes[0]).as("magic byte").isZero();
    int id = ByteBuffer.wrap(bytes, 1, 4).getInt();

    // A Confluent-compatible consumer: fetch the writer schema by id over ccompat, decode the Avro
    // binary.
    Schema writer = new SchemaProvisioner(infra.kafka()).schemaById(id);
    var reader = new GenericDatumReader<GenericRecord>(writer);
    GenericRecord decoded =
        reader.read(
            null,
            DecoderFactory.get().binaryDecoder(Arrays.copyOfRange(bytes, 5, bytes.length), null));
    assertThat(decoded.get("urn").toString()).isEqualTo("urn:newswire:test:wire-1");
    assertThat(((GenericRecord) decoded.get("parsed")).get("body").toString()).isEqualTo("Bonjour");
  }

  @Test
  void afterTheFirstRecordTheSerializerWritesWhatApicuriosOwnWouldWithoutAskingAgain(
      PipelineInfra infra) {
    try (var ours = AvroSerdes.<RawStory>serializer(infra.kafka(), false);
        var apicurio = new AvroKafkaSerializer<RawStory>()) {
      apicurio.configure(AvroSerdes.config(infra.kafka()), false);
      for (int i = 0; i < 20; i++) {
        RawStory story =
            RawStory.newBuilder()
                .setUrn("urn:newswire:test:cache-" + i)
                .setAgency("test")
                .setAgencyStoryId("cache-" + i)
                .setVersion(i + 1)
                .setReceivedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setIngestId("i-" + i)
                .setFormat(StoryFormat.PLAIN_TEXT)
                .setContentType("text/plain")
                .setPayload(ByteBuffer.wrap(("Story " + i).getBytes(StandardCharsets.UTF_8)))
                .setPubStatus(PubStatus.usable)
                .setParsed(ParsedFields.newBuilder().setBody("Story " + i).build())
                .build();
        assertThat(ours.serialize(Topics.RAW, story))
            .as("record %d", i)
            .isEqualTo(apicurio.serialize(Topics.RAW, story));
      }
    }
  }
}
