package io.newswire.enrich.core.budget;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A time budget for enriching one story: the last line of defence against input that is slow to
 * process.
 *
 * <p>Every stage of enrichment is linear in its input, so a story normally takes milliseconds.
 * Should one still take longer than its budget (a pathology nobody foresaw), the stages notice it
 * at their next {@link #check} — between paragraphs, captions and every few thousand tag candidates
 * — and give up with {@link Exceeded}, which the stream turns into a dead letter instead of holding
 * the partition. Checks are cooperative: they cost one clock read.
 *
 * <p>Not thread-safe; one per story.
 */
public final class WorkBudget {

  /** A budget that never runs out (tests, tools). */
  public static final WorkBudget UNLIMITED = new WorkBudget(Long.MAX_VALUE, 0, System::nanoTime);

  private final long limitNanos;
  private final long startNanos;
  private final LongSupplier clock;

  private WorkBudget(long limitNanos, long startNanos, LongSupplier clock) {
    this.limitNanos = limitNanos;
    this.startNanos = startNanos;
    this.clock = clock;
  }

  /** A budget of {@code limit} from now. */
  public static WorkBudget of(Duration limit) {
    return of(limit, System::nanoTime);
  }

  /** A budget of {@code limit} from now on {@code nanoClock} (tests pass a fake clock). */
  public static WorkBudget of(Duration limit, LongSupplier nanoClock) {
    if (limit.isNegative()) {
      throw new IllegalArgumentException("a time budget cannot be negative: " + limit);
    }
    return new WorkBudget(limit.toNanos(), nanoClock.getAsLong(), nanoClock);
  }

  /**
   * Throws when the budget has run out.
   *
   * @param stage what was being done, for the reason given to operators
   * @throws Exceeded when the time since the budget started is more than its limit
   */
  public void check(String stage) {
    if (limitNanos == Long.MAX_VALUE) {
      return;
    }
    long spent = clock.getAsLong() - startNanos;
    if (spent > limitNanos) {
      throw new Exceeded(stage, Duration.ofNanos(limitNanos), Duration.ofNanos(spent));
    }
  }

  /** The story took longer to enrich than its budget allows. */
  public static final class Exceeded extends RuntimeException {
    private final String stage;

    Exceeded(String stage, Duration limit, Duration spent) {
      super(
          "enrichment exceeded its time budget of "
              + limit.toMillis()
              + " ms ("
              + spent.toMillis()
              + " ms spent, stopped during "
              + stage
              + ")");
      this.stage = stage;
    }

    /** The stage that was running when the budget ran out. */
    public String stage() {
      return stage;
    }
  }
}
