package io.newswire.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.newswire.platform.KafkaAcls;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.Provisioning;
import io.newswire.platform.TopicProvisioner;
import io.newswire.platform.Topics;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ACL plan on a real secured broker (SASL/SCRAM-SHA-512, StandardAuthorizer): provisioning as
 * the super user creates the users and the ACLs, then each service's principal can do its job and
 * each forbidden action fails with an authorization error, not a timeout.
 */
class KafkaAclIT {
  private static final Map<String, String> PASSWORDS =
      Map.of(
          "ingest", "ingest-pw",
          "enrich", "enrich-pw",
          "publish", "publish-pw",
          "consumer", "consumer-pw",
          "operator", "operator-pw");
  private static final String TAG_TOPIC = Topics.tagTopic("AI");

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void secureBrokerWithThePlan() throws Exception {
    // operator's credential is bootstrapped at format time, the others through the Admin API
    kafka =
        EmbeddedKafka.start(
            EmbeddedKafka.Options.defaults()
                .withSecurity(
                    EmbeddedKafka.Security.scram("admin-pw")
                        .withUsers(Map.of("operator", PASSWORDS.get("operator")))));
    KafkaSettings admin =
        new KafkaSettings(
            kafka.bootstrapServers(), "http://127.0.0.1:1", kafka.security().adminClientProps());
    Map<String, String> users = new HashMap<>(PASSWORDS);
    users.remove("operator");
    Provisioning.secure(admin, users, KafkaAcls.bindings(KafkaAcls.defaultPlan()));
    try (Admin a = Admin.create(kafka.adminProps())) {
      new TopicProvisioner(a, (short) 1).createMissing(Topics.all(1));
    }
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void ingestWritesRawAndReceiptsInOneTransactionAndNothingElse() throws Exception {
    Map<String, Object> tx = props("ingest");
    tx.put("transactional.id", "ingest-1-0");
    try (var p = producer(tx)) {
      p.initTransactions();
      p.beginTransaction();
      p.send(new ProducerRecord<>(Topics.RAW, "urn:1", "raw story"));
      p.send(new ProducerRecord<>(Topics.INGEST_RECEIPTS, "urn:1#1", "receipt"));
      p.commitTransaction();
    }
    assertThat(readAll("ingest", null, Topics.INGEST_RECEIPTS)).containsExactly("receipt");

    try (var p = producer(props("ingest"))) {
      assertTopicForbidden(() -> p.send(new ProducerRecord<>(Topics.ENRICHED, "k", "v")).get());
      assertTopicForbidden(() -> p.send(new ProducerRecord<>(Topics.CONTROL, "k", "v")).get());
    }
    Map<String, Object> foreign = props("ingest");
    foreign.put("transactional.id", "newswire-enrich-stolen-0");
    try (var p = producer(foreign)) {
      assertThat(catchThrowable(p::initTransactions))
          .isInstanceOf(TransactionalIdAuthorizationException.class);
    }
  }

  @Test
  void enrichRunsExactlyOnceFromRawToEnrichedWithItsInternalTopicsAndWritesTheDlq()
      throws Exception {
    send("operator", Topics.RAW, "urn:e", "to enrich");
    StreamsBuilder b = new StreamsBuilder();
    var raw = b.stream(Topics.RAW, Consumed.with(Serdes.String(), Serdes.String()));
    raw.mapValues(v -> "enriched " + v)
        .to(Topics.ENRICHED, Produced.with(Serdes.String(), Serdes.String()));
    // a state store: its changelog is an internal topic the app creates and writes
    raw.groupByKey().count();
    Properties p = new Properties();
    p.putAll(props("enrich"));
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "newswire-enrich");
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("acl-it-streams").toString());
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    p.put("auto.offset.reset", "earliest");
    try (KafkaStreams streams = new KafkaStreams(b.build(), p)) {
      streams.start();
      List<String> enriched = List.of();
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!enriched.contains("enriched to enrich") && System.nanoTime() < until) {
        assertThat(streams.state()).isNotIn(KafkaStreams.State.ERROR);
        enriched = readAll("operator", null, Topics.ENRICHED);
      }
      assertThat(enriched).contains("enriched to enrich");
      assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }
    send("enrich", Topics.DLQ, "urn:e", "a dead letter");
    try (var producer = producer(props("enrich"))) {
      assertTopicForbidden(() -> producer.send(new ProducerRecord<>(Topics.RAW, "k", "v")).get());
    }
  }

  @Test
  void publishWritesItsOutputsButNeitherRawNorControl() throws Exception {
    send("publish", Topics.PUBLISHED, "urn:p", "event");
    send("publish", TAG_TOPIC, "urn:p", "tagged event");
    send("publish", Topics.STORIES_LATEST, "urn:p", "latest");
    send("publish", Topics.EMBARGOED, "urn:p", "held under embargo");
    try (var p = producer(props("publish"))) {
      assertTopicForbidden(() -> p.send(new ProducerRecord<>(Topics.RAW, "k", "v")).get());
      assertTopicForbidden(() -> p.send(new ProducerRecord<>(Topics.CONTROL, "k", "v")).get());
    }
    // it reads the control topic (which input to read), the operator writes it
    send("operator", Topics.CONTROL, "publish.input", "news.enriched.v1");
    assertThat(readAll("publish", null, Topics.CONTROL)).contains("news.enriched.v1");
  }

  @Test
  void aDownstreamConsumerReadsOnlyPublishedAndTagTopicsInItsOwnGroups() throws Exception {
    send("publish", Topics.PUBLISHED, "urn:c", "for downstream");
    send("publish", TAG_TOPIC, "urn:c", "for downstream, tagged");
    assertThat(subscribeAndRead("consumer", "consumer-dashboard", Topics.PUBLISHED))
        .contains("for downstream");
    assertThat(subscribeAndRead("consumer", "consumer-dashboard", TAG_TOPIC))
        .contains("for downstream, tagged");
    for (String forbidden :
        List.of(Topics.RAW, Topics.ENRICHED, Topics.WEBHOOKS, Topics.EMBARGOED)) {
      assertTopicForbidden(() -> subscribeAndRead("consumer", "consumer-dashboard", forbidden));
    }
    assertThat(catchThrowable(() -> subscribeAndRead("consumer", "newswire-publish", TAG_TOPIC)))
        .isInstanceOf(GroupAuthorizationException.class);
    // an idempotent producer of a principal that may write no topic is refused its producer id
    try (var p = producer(props("consumer"))) {
      assertAuthorizationError(
          () -> p.send(new ProducerRecord<>(Topics.PUBLISHED, "k", "v")).get(),
          ClusterAuthorizationException.class);
    }
    Map<String, Object> plain = props("consumer");
    plain.put("enable.idempotence", false);
    try (var p = producer(plain)) {
      assertTopicForbidden(() -> p.send(new ProducerRecord<>(Topics.PUBLISHED, "k", "v")).get());
    }
  }

  @Test
  void aWrongPasswordOrAnUnknownUserFailsAuthentication() {
    for (var wrong : List.of(Map.of("ingest", "not-the-password"), Map.of("nobody", "x"))) {
      var entry = wrong.entrySet().iterator().next();
      Map<String, Object> props = new HashMap<>(kafka.adminProps());
      props.putAll(kafka.security().clientProps(entry.getKey(), entry.getValue()));
      props.put("default.api.timeout.ms", 10_000);
      props.put("request.timeout.ms", 5_000);
      try (Admin a = Admin.create(props)) {
        Throwable t = catchThrowable(() -> a.listTopics().names().get());
        assertThat(t).isInstanceOf(ExecutionException.class);
        assertThat(t.getCause()).isInstanceOf(SaslAuthenticationException.class);
      }
    }
  }

  private static void assertTopicForbidden(ThrowingAction action) {
    Throwable t = catchThrowable(action::run);
    Throwable cause = t instanceof ExecutionException ? t.getCause() : t;
    assertThat(cause)
        .as("an authorization error, not a timeout")
        .isInstanceOf(TopicAuthorizationException.class);
    assertThat(cause).isInstanceOf(AuthorizationException.class);
  }

  /** The action fails, and {@code type} is among the causes of its failure. */
  private static void assertAuthorizationError(
      ThrowingAction action, Class<? extends AuthorizationException> type) {
    Throwable t = catchThrowable(action::run);
    assertThat(t).as("the action is refused").isNotNull();
    List<Throwable> chain = new ArrayList<>();
    for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
      chain.add(c);
    }
    assertThat(chain).as("causes of " + t).anyMatch(type::isInstance);
  }

  interface ThrowingAction {
    void run() throws Exception;
  }

  private static Map<String, Object> props(String user) {
    Map<String, Object> p = new HashMap<>();
    p.put("bootstrap.servers", kafka.bootstrapServers());
    p.putAll(kafka.security().clientProps(user, PASSWORDS.get(user)));
    p.put("max.block.ms", 10_000);
    p.put("request.timeout.ms", 5_000);
    p.put("delivery.timeout.ms", 15_000);
    p.put("default.api.timeout.ms", 10_000);
    return p;
  }

  private static KafkaProducer<String, String> producer(Map<String, Object> props) {
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  private static void send(String user, String topic, String key, String value) throws Exception {
    try (var p = producer(props(user))) {
      p.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  /** Every committed value of the topic, read by assignment as {@code user}. */
  private static List<String> readAll(String user, String group, String topic) {
    Map<String, Object> props = props(user);
    props.put("isolation.level", "read_committed");
    props.put("enable.auto.commit", false);
    if (group != null) {
      props.put("group.id", group);
    }
    try (var c = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> parts =
          c.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      List<String> values = new ArrayList<>();
      long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))
          && System.nanoTime() < until) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
          values.add(r.value());
        }
      }
      return values;
    }
  }

  /** Values read by a group member of {@code group} within a few seconds of subscribing. */
  private static List<String> subscribeAndRead(String user, String group, String topic) {
    Map<String, Object> props = props(user);
    props.put("group.id", group);
    props.put("auto.offset.reset", "earliest");
    props.put("enable.auto.commit", false);
    try (var c = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      c.subscribe(List.of(topic));
      List<String> values = new ArrayList<>();
      long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (values.isEmpty() && System.nanoTime() < until) {
        c.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
      }
      return values;
    }
  }
}
