package io.newswire.testkit.cycle.b;

/** Half of a package cycle on purpose (ArchitectureTest). */
public final class B {
  public static int a() {
    return io.newswire.testkit.cycle.a.A.one();
  }

  public static int one() {
    return 1;
  }
}
