package io.newswire.publish;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.newswire.platform.AvroJson;
import io.newswire.platform.Problem;
import io.newswire.platform.ProblemException;
import io.newswire.schema.v1.NewsEvent;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** {@code GET /v1/stories/{urn}}: a story's latest NewsEvent as JSON, read from the publish state store. */
final class StoriesApi {
  private final KafkaStreams streams;

  StoriesApi(KafkaStreams streams) {
    this.streams = streams;
  }

  void configure(JavalinConfig c) {
    c.routes.get("/v1/stories/{urn}", this::get);
  }

  private void get(Context ctx) {
    String urn = ctx.pathParam("urn");
    NewsEvent event;
    try {
      event = store().get(urn);
    } catch (InvalidStateStoreException e) {
      throw unavailable();
    }
    if (event == null) {
      throw new ProblemException(Problem.of("story-not-found", "Story not found", 404,
          "No published story has the URN '" + urn + "'.").withField("urn"));
    }
    ctx.json(AvroJson.toJson(event));
  }

  private ReadOnlyKeyValueStore<String, NewsEvent> store() {
    try {
      return streams.store(StoreQueryParameters.fromNameAndType(PublishTopology.LATEST_STORE,
          QueryableStoreTypes.<String, NewsEvent>keyValueStore()));
    } catch (InvalidStateStoreException e) {
      throw unavailable();
    }
  }

  /** The store is not queryable while Streams restores or rebalances it. */
  private ProblemException unavailable() {
    return new ProblemException(Problem.of("store-unavailable", "Service unavailable", 503,
        "The story store is not queryable right now (" + streams.state() + "); retry shortly."),
        Map.of("Retry-After", "2"));
  }
}
