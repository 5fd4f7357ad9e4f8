package io.newswire.publish.core;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds the SSE streams open at once, each of which costs a thread and a Kafka consumer: at most
 * {@code perSubscriber} per subscriber and {@code total} for the whole instance. A stream holds a
 * {@link Slot} from before it opens until it ends; closing the slot (idempotent) frees it for the
 * next.
 */
public final class StreamSlots {
  /** What a request for a stream gets: a slot, or why not. */
  public sealed interface Outcome permits Slot, Refused {}

  /** The subscriber has as many streams open as it may, or the instance has. */
  public enum Reason {
    SUBSCRIBER_LIMIT,
    INSTANCE_LIMIT
  }

  /** No stream: {@code reason}, with {@code limit} the bound that was reached. */
  public record Refused(Reason reason, int limit) implements Outcome {}

  /** One open stream's place; {@link #close()} gives it back, once. */
  public final class Slot implements Outcome, AutoCloseable {
    private final String subscriber;
    private final AtomicBoolean released = new AtomicBoolean();

    private Slot(String subscriber) {
      this.subscriber = subscriber;
    }

    public String subscriber() {
      return subscriber;
    }

    @Override
    public void close() {
      if (released.compareAndSet(false, true)) {
        release(subscriber);
      }
    }
  }

  private final int perSubscriber;
  private final int total;
  private final Map<String, Integer> open = new HashMap<>();
  private int openTotal;

  public StreamSlots(int perSubscriber, int total) {
    if (perSubscriber < 1 || total < 1) {
      throw new IllegalArgumentException(
          "stream limits must be at least 1, got " + perSubscriber + " and " + total);
    }
    this.perSubscriber = perSubscriber;
    this.total = total;
  }

  /** A slot for one more stream of {@code subscriber}, or why not. */
  public synchronized Outcome acquire(String subscriber) {
    int mine = open.getOrDefault(subscriber, 0);
    if (mine >= perSubscriber) {
      return new Refused(Reason.SUBSCRIBER_LIMIT, perSubscriber);
    }
    if (openTotal >= total) {
      return new Refused(Reason.INSTANCE_LIMIT, total);
    }
    open.put(subscriber, mine + 1);
    openTotal++;
    return new Slot(subscriber);
  }

  private synchronized void release(String subscriber) {
    int mine = open.getOrDefault(subscriber, 0);
    if (mine <= 1) {
      open.remove(subscriber);
    } else {
      open.put(subscriber, mine - 1);
    }
    openTotal--;
  }

  /** Streams open now, in all. */
  public synchronized int open() {
    return openTotal;
  }

  /** Streams {@code subscriber} has open now. */
  public synchronized int open(String subscriber) {
    return open.getOrDefault(subscriber, 0);
  }

  public int perSubscriber() {
    return perSubscriber;
  }

  public int total() {
    return total;
  }
}
