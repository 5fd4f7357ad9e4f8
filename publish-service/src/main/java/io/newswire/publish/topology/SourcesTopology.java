package io.newswire.publish.topology;

import io.newswire.platform.TopicSerdes;
import io.newswire.platform.Topics;
import io.newswire.platform.core.StoryId;
import io.newswire.publish.core.sources.SourceEvent;
import io.newswire.publish.core.sources.SourceLedger;
import io.newswire.publish.core.sources.SourceState;
import io.newswire.schema.v1.IngestReceipt;
import io.newswire.schema.v1.IngestRefusal;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Source health (Kafka Streams; publish-service runs it as its own application, {@code <publish
 * application id>-sources}): what ingest already writes, folded per source into the {@value #STORE}
 * store by {@link SourceLedger}.
 *
 * <ul>
 *   <li>news.ingest.receipts.v1: each receipt is a story received from its feed ({@code
 *       IngestReceipt.feed}, kind feed) or else from the agency of its URN (kind agency);
 *   <li>news.ingest.refusals.v1: each record is {@code count} refusals of its source.
 * </ul>
 *
 * Both are keyed by source and repartitioned on it ({@code <application id>-source-events-
 * repartition}), so each source's state is in one task's store, backed by a changelog: it survives
 * restarts and moves with the task. The store is read by the HTTP API through interactive queries
 * across instances ({@code io.newswire.publish.http.SourcesApi}); it holds states, judged on the
 * wall clock only when read ({@link SourceLedger#view}). A receipt whose URN is not a story URN is
 * skipped.
 */
public final class SourcesTopology {
  private SourcesTopology() {}

  /** Each source's {@link SourceState}, by source id. */
  public static final String STORE = "source-health";

  /** The serde of the store's values, for reading it. */
  public static Serde<SourceState> stateSerde() {
    return SourceHealthJson.states();
  }

  public static Topology build(TopicSerdes serdes, SourceLedger ledger) {
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, SourceEvent> received =
        builder.stream(Topics.INGEST_RECEIPTS, serdes.consumed(Topics.RECEIPTS))
            .flatMap(
                (key, receipt) -> received(receipt).map(SourcesTopology::keyed).stream().toList(),
                Named.as("receipt-to-source"));
    KStream<String, SourceEvent> refused =
        builder.stream(Topics.INGEST_REFUSALS, serdes.consumed(Topics.REFUSALS))
            .flatMap(
                (key, refusal) -> refusal == null ? List.of() : List.of(keyed(refused(refusal))),
                Named.as("refusal-to-source"));
    received
        .merge(refused, Named.as("source-events"))
        .groupByKey(Grouped.with("source-events", Serdes.String(), SourceHealthJson.events()))
        .aggregate(
            () -> null,
            (source, event, state) -> ledger.apply(state, event),
            Named.as("source-ledger"),
            Materialized.<String, SourceState, KeyValueStore<Bytes, byte[]>>as(STORE)
                .withKeySerde(Serdes.String())
                .withValueSerde(SourceHealthJson.states()));
    return builder.build();
  }

  private static KeyValue<String, SourceEvent> keyed(SourceEvent e) {
    return KeyValue.pair(e.source(), e);
  }

  /** The story a receipt stands for, under its feed or its agency; empty for a foreign URN. */
  static Optional<SourceEvent> received(IngestReceipt r) {
    if (r == null) {
      return Optional.empty();
    }
    long at = r.getAcceptedAt().toEpochMilli();
    if (r.getFeed() != null && !r.getFeed().isBlank()) {
      return Optional.of(new SourceEvent.Received(r.getFeed(), "feed", at));
    }
    return StoryId.parse(r.getUrn()).map(id -> new SourceEvent.Received(id.agency(), "agency", at));
  }

  static SourceEvent refused(IngestRefusal r) {
    return new SourceEvent.Refused(
        r.getSource(),
        "feed".equals(r.getKind()) ? "feed" : "agency",
        r.getType(),
        r.getStatus(),
        r.getTitle(),
        r.getDetail(),
        r.getAt().toEpochMilli(),
        r.getCount());
  }
}
