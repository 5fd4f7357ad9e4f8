package io.newswire.publish;

import io.newswire.platform.ServiceMain;

/**
 * A service for {@link BoundedShutdownIT}, run in a child JVM through {@link ServiceMain}: its
 * close never returns (it ignores interrupts, like a call that is stuck for good).
 */
public final class HangingCloseMain {
  private HangingCloseMain() {}

  public static void main(String[] args) {
    ServiceMain.run("hanging-close", new String[0], "", () -> HangingCloseMain::closeForever);
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
