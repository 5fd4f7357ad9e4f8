package io.newswire.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.newswire.ingest.core.receipts.ReceiptBook;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.Supervisor;
import io.newswire.platform.Topics;
import io.newswire.schema.v1.IngestReceipt;
import io.newswire.testkit.PipelineInfra;
import io.newswire.testkit.WithPipelineInfra;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The receipts read barrier: what another instance committed before {@code sync()} was called is in
 * the book when it completes. Found by the chaos harness: an instance whose tailing lagged
 * accepted, as new, other content under a version another instance had just answered 202 for (a 409
 * turned into a second write).
 */
@WithPipelineInfra
class ReceiptTailerIT {

  @Test
  void aSyncCompletesOnlyOnceEveryReceiptCommittedBeforeItIsInTheBook(PipelineInfra infra)
      throws Exception {
    ReceiptBook book = new ReceiptBook();
    try (Supervisor loops = new Supervisor(new SimpleMeterRegistry());
        ReceiptTailer tailer = new ReceiptTailer(infra.kafka(), book, loops)) {
      assertThat(tailer.awaitLoaded(Duration.ofSeconds(30))).isTrue();
      String prefix = "urn:newswire:vov:sync-" + System.nanoTime() + "-";
      int n = 3_000; // far more than the tailer reads in the moment between the commit and the sync
      Map<String, Object> props = infra.kafka().producerProps();
      props.put("transactional.id", "receipt-sync-test-" + System.nanoTime());
      try (KafkaProducer<String, IngestReceipt> p =
          new KafkaProducer<>(
              props,
              new StringSerializer(),
              AvroSerdes.<IngestReceipt>serializer(infra.kafka(), false))) {
        p.initTransactions();
        p.beginTransaction();
        for (int i = 0; i < n; i++) {
          IngestReceipt r =
              IngestReceipt.newBuilder()
                  .setUrn(prefix + i)
                  .setVersion(1)
                  .setIngestId("id-" + i)
                  .setContentHash("h" + i)
                  .setAcceptedAt(Instant.now())
                  .setWarnings(List.of())
                  .build();
          p.send(new ProducerRecord<>(Topics.INGEST_RECEIPTS, ReceiptBook.key(prefix + i, 1), r));
        }
        p.commitTransaction();
      }
      tailer.sync(Duration.ofSeconds(30)).get(30, TimeUnit.SECONDS);
      for (int i = 0; i < n; i++) {
        assertThat(book.get(prefix + i, 1))
            .as("receipt %d of %d, in the book once sync() completed", i, n)
            .isPresent();
      }
    }
  }
}
