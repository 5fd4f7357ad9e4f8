package io.newswire.publish.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newswire.platform.ProblemException;
import io.newswire.platform.ServiceHttp;
import io.newswire.publish.core.subscriptions.Filter;
import io.newswire.publish.core.subscriptions.Subscription;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The subscription API's body and JSON: what the console sends and reads. */
class SubscriptionsApiTest {
  static Filter parse(String json) throws Exception {
    return SubscriptionsApi.filter(ServiceHttp.JSON.readTree(json.replace('\'', '"')));
  }

  static void refused(String json, String field) {
    assertThatThrownBy(() -> parse(json))
        .as(json)
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.problem().status()).isEqualTo(400);
              assertThat(e.problem().type()).endsWith("/invalid-subscription");
              assertThat(e.problem().field()).isEqualTo(field);
            });
  }

  @Test
  void aBodyBecomesAFilter_everyFieldOptional() throws Exception {
    Filter f =
        parse(
            "{'tags':['AI'],'languages':['en'],'agencies':['vna'],'maxUrgency':2,'terms':['Ha"
                + " Noi']}");
    assertThat(f)
        .isEqualTo(new Filter(List.of("AI"), List.of("en"), List.of("vna"), 2, List.of("Ha Noi")));
    assertThat(parse("{}")).isEqualTo(Filter.ANY);
    assertThat(parse("{'maxUrgency':null,'tags':null}")).isEqualTo(Filter.ANY);
  }

  @Test
  void aBadBodyIsA400NamingTheField() {
    refused("[]", "body");
    refused("{'tag':['AI']}", "tag");
    refused("{'tags':'AI'}", "tags");
    refused("{'tags':[1]}", "tags");
    refused("{'maxUrgency':'2'}", "maxUrgency");
    refused("{'maxUrgency':1.5}", "maxUrgency");
    refused("{'maxUrgency':10}", "maxUrgency");
    refused("{'languages':['not a tag']}", "languages");
    refused("{'terms':['!!']}", "terms");
    refused("{'terms':[" + "'w',".repeat(20) + "'w']}", "terms");
  }

  @Test
  void aSubscriptionIsShownWithEveryField() {
    Subscription s =
        new Subscription(
            "desk",
            "asean-flashes",
            new Filter(List.of("ASEAN"), List.of(), List.of("vna"), 2, List.of("Ha Noi")),
            Instant.parse("2026-11-27T02:00:00.123Z"),
            Instant.parse("2026-11-27T03:00:00Z"));
    assertThat(SubscriptionsApi.json(s).toString())
        .isEqualTo(
            ("{'owner':'desk','name':'asean-flashes','tags':['ASEAN'],'languages':[],"
                    + "'agencies':['vna'],'maxUrgency':2,'terms':['Ha Noi'],"
                    + "'createdAt':'2026-11-27T02:00:00.123Z','updatedAt':'2026-11-27T03:00:00Z'}")
                .replace('\'', '"'));
  }
}
