package io.newswire.schema;

import org.apache.avro.util.ClassSecurityValidator;

/** Entry points to the generated contract classes. */
public final class Contracts {
  private Contracts() {}

  private static volatile boolean trusted;

  /**
   * Lets Avro instantiate the generated contract classes ({@code io.newswire.schema.*}); Avro
   * refuses classes it does not trust. Idempotent; every serde calls it before its first use.
   */
  public static void trustGeneratedClasses() {
    if (trusted) {
      return;
    }
    synchronized (Contracts.class) {
      if (!trusted) {
        ClassSecurityValidator.setGlobal(
            ClassSecurityValidator.composite(
                ClassSecurityValidator.getGlobal(),
                c -> c.getName().startsWith("io.newswire.schema.")));
        trusted = true;
      }
    }
  }
}
