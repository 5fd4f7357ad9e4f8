package io.newswire.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.newswire.schema.v1.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AvroJsonTest {

  @Test
  void unionsAreTheirValueTimestampsIsoAndBytesBase64() {
    DeadLetter d =
        DeadLetter.newBuilder()
            .setStage("s")
            .setPhase("PROCESSING")
            .setReason("r")
            .setExceptionClass("E")
            .setSourceTopic("news.raw.v1")
            .setSourcePartition(2)
            .setSourceOffset(7L)
            .setKey(ByteBuffer.wrap(new byte[] {1, 2}))
            .setValue(null)
            .setHeaders(Map.of())
            .setFailedAt(Instant.parse("2026-11-27T02:00:00Z"))
            .setAttempt(1)
            .build();

    var json = AvroJson.toJson(d);

    assertThat(json.get("sourceTopic").asText()).isEqualTo("news.raw.v1");
    assertThat(json.get("sourcePartition").asInt()).isEqualTo(2);
    assertThat(json.get("value").isNull()).isTrue();
    assertThat(json.get("key").asText()).isEqualTo("AQI=");
    assertThat(json.get("failedAt").asText()).isEqualTo("2026-11-27T02:00:00Z");
  }

  @Test
  void aNullableTimestampIsWrittenAsIsoText() {
    var event = io.newswire.schema.v1.NewsEvent.getClassSchema();
    var field = event.getField("receivedAt");
    assertThat(field).as("NewsEvent has a nullable timestamp to test with").isNotNull();
    var record =
        new org.apache.avro.generic.GenericData.Record(
            org.apache.avro.SchemaBuilder.record("T")
                .namespace("t")
                .fields()
                .name("at")
                .type(field.schema())
                .withDefault(null)
                .endRecord());
    record.put("at", Instant.parse("2026-11-27T02:00:00Z"));
    assertThat(AvroJson.toJson(record).get("at").asText()).isEqualTo("2026-11-27T02:00:00Z");
  }
}
