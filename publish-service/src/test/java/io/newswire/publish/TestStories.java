package io.newswire.publish;

import io.newswire.platform.AvroSerdes;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.Topics;
import io.newswire.schema.v1.ChangeType;
import io.newswire.schema.v1.EnrichedStory;
import io.newswire.schema.v1.PubStatus;
import io.newswire.schema.v1.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Enriched stories for integration tests, written to news.enriched.v1 as enrich-service writes
 * them.
 */
final class TestStories {
  private TestStories() {}

  static EnrichedStory story(String urn, int version, ChangeType change, String... tags) {
    List<Tag> t = new ArrayList<>();
    for (String id : tags) {
      t.add(new Tag(id, id, null, null, 60, 90, List.of()));
    }
    String id = urn.substring(urn.lastIndexOf(':') + 1);
    return EnrichedStory.newBuilder()
        .setUrn(urn)
        .setAgency("vna")
        .setAgencyStoryId(id)
        .setVersion(version)
        .setReceivedAt(Instant.now())
        .setIngestId("it")
        .setChange(change)
        .setPubStatus(change == ChangeType.KILL ? PubStatus.canceled : PubStatus.usable)
        .setHeadline("Headline of " + id)
        .setHeadlineDerived(false)
        .setBody("Body of " + id + ".")
        .setCaptions(List.of())
        .setWordCount(3)
        .setCharCount(10)
        .setLanguage("en")
        .setLanguageConfidence(0.99)
        .setTags(t)
        .setTaggerVersion("it")
        .build();
  }

  static void send(KafkaSettings kafka, List<EnrichedStory> stories) {
    try (KafkaProducer<String, EnrichedStory> p =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
            new StringSerializer(),
            AvroSerdes.<EnrichedStory>serializer(kafka, false))) {
      for (EnrichedStory s : stories) {
        p.send(new ProducerRecord<>(Topics.ENRICHED, s.getUrn(), s));
      }
      p.flush();
    }
  }
}
