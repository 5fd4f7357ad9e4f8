package io.newswire.platform;

/**
 * A service for {@link ServiceMainTest}, run in a child JVM: {@code hang} never finishes closing (it ignores
 * interrupts, like a thread stuck in a call that never returns), {@code clean} closes at once.
 */
public final class StopTestMain {
  private StopTestMain() {}

  public static void main(String[] args) {
    boolean hang = args.length > 0 && args[0].equals("hang");
    ServiceMain.run("stop-test", new String[0], "", () -> () -> {
      if (hang) {
        closeForever();
      }
    });
  }

  static void closeForever() {
    while (true) {
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        // ignored: this close never returns
      }
    }
  }
}
