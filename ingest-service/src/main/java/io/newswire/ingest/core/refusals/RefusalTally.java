package io.newswire.ingest.core.refusals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Coalesces refusals until they are written: refusals of the same source, kind and problem type
 * between two drains become one entry with a count and the last one's status, title, detail and
 * time. So a flood of refusals (an agency sending the same bad story a thousand times a second,
 * requests with a wrong key) writes at most one record per source and type per drain, and memory is
 * bounded: at most {@code maxEntries} distinct entries wait; a refusal that would need another is
 * dropped and counted ({@link #add} returns false). Thread-safe.
 */
public final class RefusalTally {
  /** One coalesced entry: the last refusal of its key and how many it stands for. */
  public record Entry(Refusal last, int count) {}

  private record Key(String source, Refusal.Kind kind, String type) {}

  private final int maxEntries;
  private final Map<Key, Entry> pending = new LinkedHashMap<>();

  public RefusalTally(int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
    }
    this.maxEntries = maxEntries;
  }

  /** Adds {@code r}; false when it was dropped because {@code maxEntries} others wait. */
  public synchronized boolean add(Refusal r) {
    Key k = new Key(r.source(), r.kind(), r.type());
    Entry e = pending.get(k);
    if (e == null) {
      if (pending.size() >= maxEntries) {
        return false;
      }
      pending.put(k, new Entry(r, 1));
      return true;
    }
    Refusal last = r.atMillis() >= e.last().atMillis() ? r : e.last();
    pending.put(k, new Entry(last, e.count() == Integer.MAX_VALUE ? e.count() : e.count() + 1));
    return true;
  }

  /** What waits, in the order the keys first came, and nothing waits any more. */
  public synchronized List<Entry> drain() {
    List<Entry> out = new ArrayList<>(pending.values());
    pending.clear();
    return out;
  }

  /** How many entries wait. */
  public synchronized int size() {
    return pending.size();
  }
}
