package io.newswire.platform;

import java.util.Map;

/**
 * The client side of a SASL/SCRAM cluster: the settings a Kafka client of a principal needs, the
 * same that {@code KAFKA_CLIENT_SECURITY_PROTOCOL}, {@code KAFKA_CLIENT_SASL_MECHANISM} and {@code
 * KAFKA_CLIENT_SASL_JAAS_CONFIG} (or a {@code --command-config} file) give.
 */
public final class KafkaSecurity {
  private KafkaSecurity() {}

  /** The SCRAM mechanism Newswire's clusters use. */
  public static final String MECHANISM = "SCRAM-SHA-512";

  /** {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config} for a user. */
  public static Map<String, String> scramClientProps(String user, String password) {
    return Map.of(
        "security.protocol",
        "SASL_PLAINTEXT",
        "sasl.mechanism",
        MECHANISM,
        "sasl.jaas.config",
        scramJaas(user, password));
  }

  /** The JAAS line of a SCRAM login; the user name and password must not contain a quote. */
  public static String scramJaas(String user, String password) {
    if (user.contains("\"") || password.contains("\"") || password.contains("\\")) {
      throw new IllegalArgumentException(
          "a SCRAM user name or password may not contain a quote or a backslash");
    }
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + user
        + "\" password=\""
        + password
        + "\";";
  }
}
