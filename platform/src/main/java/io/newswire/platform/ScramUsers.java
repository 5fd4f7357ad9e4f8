package io.newswire.platform;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

/**
 * SCRAM users of a cluster, created (or their password replaced) through the Admin API by a super
 * user. Passwords are never logged or put in an exception message.
 *
 * <p>Where the users come from ({@link #fromEnv}): {@code NEWSWIRE_SCRAM_USERS_FILE}, a properties
 * file of {@code user=password} lines, then {@code NEWSWIRE_SCRAM_PASSWORD_<USER>} variables (e.g.
 * {@code NEWSWIRE_SCRAM_PASSWORD_INGEST} for user {@code ingest}; the user name is the rest of the
 * variable's name in lower case, {@code _} read as {@code -}).
 */
public final class ScramUsers {
  private ScramUsers() {}

  public static final String FILE_VARIABLE = "NEWSWIRE_SCRAM_USERS_FILE";
  public static final String PASSWORD_PREFIX = "NEWSWIRE_SCRAM_PASSWORD_";

  /** Iterations of the salted password (Kafka's minimum is 4096). */
  public static final int ITERATIONS = 8192;

  /** The users and passwords the environment names (empty when none). */
  public static Map<String, String> fromEnv(Env env) {
    Map<String, String> users = new TreeMap<>();
    String file = env.string(FILE_VARIABLE, "");
    if (!file.isBlank()) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(Path.of(file))) {
        p.load(r);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + FILE_VARIABLE + " " + file, e);
      }
      p.stringPropertyNames().forEach(u -> users.put(u.trim(), p.getProperty(u)));
    }
    env.withPrefix(PASSWORD_PREFIX)
        .forEach((k, v) -> users.put(k.toLowerCase(Locale.ROOT).replace('_', '-'), v));
    users.forEach(
        (u, pw) -> {
          if (u.isEmpty() || pw == null || pw.isEmpty()) {
            throw new IllegalArgumentException("SCRAM user '" + u + "' has an empty password");
          }
        });
    return users;
  }

  /** Creates each user with its password ({@link KafkaSecurity#MECHANISM}), or replaces it. */
  public static void upsert(Admin admin, Map<String, String> users)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (users.isEmpty()) {
      return;
    }
    List<UserScramCredentialAlteration> changes =
        users.entrySet().stream()
            .map(
                e ->
                    (UserScramCredentialAlteration)
                        new UserScramCredentialUpsertion(
                            e.getKey(),
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS),
                            e.getValue()))
            .toList();
    admin.alterUserScramCredentials(changes).all().get(60, TimeUnit.SECONDS);
  }
}
