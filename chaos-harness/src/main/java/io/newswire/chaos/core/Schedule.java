package io.newswire.chaos.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The nemesis's plan, decided up front from a seed: when to kill -9 which service instance and for
 * how long, and when to kill -9 the broker leading which story partition (resolved when the moment
 * comes, since leadership moves). The same seed and settings give the same plan.
 *
 * <p>Kills are spread evenly over the load, each at a seeded moment inside its slot, so they never
 * bunch up at one end. A service instance stays down 1 to 4 s; a broker 8 to 20 s, then each is
 * restarted on the same state.
 */
public final class Schedule {
  private Schedule() {}

  /**
   * A fault: at {@code atMillis} from the start, kill {@code target} and restart it {@code
   * downMillis} later.
   */
  public record Fault(long atMillis, Target target, long downMillis) {}

  /**
   * What a fault kills: a service instance ({@code ingest-2}) or the leader of a story partition.
   */
  public sealed interface Target permits Service, PartitionLeader {}

  /** A service instance by name, e.g. {@code enrich-1}. */
  public record Service(String instance) implements Target {
    @Override
    public String toString() {
      return instance;
    }
  }

  /** The broker leading {@code partition} of {@code topic} when the fault fires. */
  public record PartitionLeader(String topic, int partition) implements Target {
    @Override
    public String toString() {
      return "leader of " + topic + "-" + partition;
    }
  }

  /**
   * @param instances service instances the nemesis may kill
   * @param storyTopics topics whose partition leaders it may kill
   */
  public static List<Fault> plan(
      long seed,
      long loadMillis,
      int serviceKills,
      int brokerKills,
      List<String> instances,
      List<String> storyTopics,
      int partitions) {
    Random random = new Random(seed ^ 0x5DEECE66DL);
    List<Fault> faults = new ArrayList<>();
    int total = serviceKills + brokerKills;
    if (total == 0) {
      return List.of();
    }
    // which slots get a broker kill: spread them too
    boolean[] broker = new boolean[total];
    for (int i = 0; i < brokerKills; i++) {
      broker[(int) ((i + 0.5) * total / brokerKills)] = true;
    }
    long slot = loadMillis / total;
    for (int i = 0; i < total; i++) {
      long at = i * slot + (long) (slot * (0.2 + 0.6 * random.nextDouble()));
      if (broker[i]) {
        String topic = storyTopics.get(random.nextInt(storyTopics.size()));
        faults.add(
            new Fault(
                at,
                new PartitionLeader(topic, random.nextInt(partitions)),
                8_000 + random.nextInt(12_000)));
      } else {
        faults.add(
            new Fault(
                at,
                new Service(instances.get(random.nextInt(instances.size()))),
                1_000 + random.nextInt(3_000)));
      }
    }
    faults.sort(Comparator.comparingLong(Fault::atMillis));
    return List.copyOf(faults);
  }
}
