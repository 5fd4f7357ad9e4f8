package io.newswire.testkit.cycle.a;

/** Half of a package cycle on purpose (ArchitectureTest). */
public final class A {
  public static int b() {
    return io.newswire.testkit.cycle.b.B.one();
  }

  public static int one() {
    return 1;
  }
}
