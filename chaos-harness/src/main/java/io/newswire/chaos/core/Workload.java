package io.newswire.chaos.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * What the load generator sends, decided up front from a seed: the same seed, the same stories,
 * versions and texts.
 *
 * <p>Every story is uniquely numbered and belongs to one agency. Its steps are sent in order, each
 * only after the previous one was answered: the first version; sometimes an update (a higher
 * version with more text); sometimes a correction, which the ingest contract takes as a higher
 * version whose text corrects the last one (the same version with other content is refused 409
 * {@code version-conflict}, and the plan includes such refusals as probes that must never reach any
 * topic); sometimes a resend of a version already accepted (an idempotent retry: answered 202
 * again, written once); and sometimes a withdrawal, always the story's last step.
 */
public final class Workload {
  private Workload() {}

  /** What a step is. */
  public enum Kind {
    /** The first version. */
    STORY,
    /** A higher version. */
    UPDATE,
    /** A higher version whose text corrects the previous one. */
    CORRECTION,
    /** The same version and content again: answered as accepted, written once. */
    RESEND,
    /** The same version with other content: must be refused 409 and never written. */
    CONFLICT_PROBE,
    /** A kill: {@code POST /v1/stories/{id}/withdraw} with the next version. */
    WITHDRAWAL
  }

  /** One request of a story's plan. */
  public record Step(Kind kind, int version, String headline, String body) {
    public Step {
      Objects.requireNonNull(kind);
      if (version < 1) {
        throw new IllegalArgumentException("versions start at 1");
      }
    }

    /** True when this step must end in a 202 that puts the version downstream. */
    public boolean writes() {
      return kind != Kind.CONFLICT_PROBE && kind != Kind.RESEND;
    }
  }

  /** A story and its steps, sent in order. */
  public record Story(int number, String agency, String storyId, List<Step> steps) {
    public Story {
      steps = List.copyOf(steps);
    }

    public boolean withdrawn() {
      return steps.get(steps.size() - 1).kind() == Kind.WITHDRAWAL;
    }

    /** The last version that is written (the withdrawal's, when withdrawn). */
    public int lastVersion() {
      return steps.stream().filter(Step::writes).mapToInt(Step::version).max().orElseThrow();
    }
  }

  /** How often each kind of step occurs, as probabilities per story. */
  public record Mix(
      double update, double correction, double resend, double conflictProbe, double withdrawal) {
    public static Mix defaults() {
      return new Mix(0.30, 0.10, 0.05, 0.03, 0.06);
    }
  }

  private static final String[] PLACES = {
    "HANOI", "JAKARTA", "KUALA LUMPUR", "BANGKOK", "MANILA", "SINGAPORE", "VIENTIANE", "PHNOM PENH"
  };
  private static final String[] TOPICS = {
    "Digital ministers of ASEAN adopted a roadmap on the regional digital economy and cross-border data flows.",
    "The government announced a national programme of digital transformation for provincial administrations.",
    "Researchers presented a new artificial intelligence model for weather forecasting in the Mekong delta.",
    "Rice exports rose in the first ten months of the year as prices on the world market stayed high.",
    "The central bank kept its policy rate unchanged, citing stable inflation and a steady currency.",
    "Officials discussed AI governance and the ethical use of machine learning in public services.",
    "Heavy rain caused flooding in several northern provinces; rescue teams evacuated hundreds of families.",
    "The ASEAN Secretariat said member states would speed up the digital economy framework agreement."
  };
  private static final String FILLER =
      "Delegates also reviewed progress on earlier commitments, and officials said "
          + "further talks would be held in the coming months to settle the remaining questions. ";

  /** {@code count} stories for {@code agencies}, from {@code seed}. */
  public static List<Story> generate(long seed, int count, List<String> agencies, Mix mix) {
    if (count < 1 || agencies.isEmpty()) {
      throw new IllegalArgumentException("at least one story and one agency");
    }
    Random random = new Random(seed);
    List<Story> stories = new ArrayList<>(count);
    for (int n = 1; n <= count; n++) {
      String agency = agencies.get(random.nextInt(agencies.size()));
      String storyId = "chaos-" + Long.toHexString(seed) + "-" + n;
      List<Step> steps = new ArrayList<>();
      int version = 1;
      String headline = "Story " + n + " from " + agency.toUpperCase(java.util.Locale.ROOT);
      String body = body(random, n, 1);
      steps.add(new Step(Kind.STORY, version, headline, body));
      if (random.nextDouble() < mix.resend()) {
        steps.add(new Step(Kind.RESEND, version, headline, body));
      }
      if (random.nextDouble() < mix.update()) {
        version++;
        body = body + "\n\n" + body(random, n, version);
        steps.add(new Step(Kind.UPDATE, version, headline + " (update)", body));
      }
      if (random.nextDouble() < mix.correction()) {
        version++;
        body = "Corrects the figures of the previous version.\n\n" + body;
        steps.add(new Step(Kind.CORRECTION, version, headline + " (corrected)", body));
      }
      if (random.nextDouble() < mix.conflictProbe()) {
        steps.add(
            new Step(
                Kind.CONFLICT_PROBE, version, headline, body + "\n\nOther content, same version."));
      }
      if (random.nextDouble() < mix.withdrawal()) {
        steps.add(new Step(Kind.WITHDRAWAL, version + 1, null, "Withdrawn by the chaos harness."));
      }
      stories.add(new Story(n, agency, storyId, steps));
    }
    return List.copyOf(stories);
  }

  private static String body(Random random, int story, int version) {
    StringBuilder b = new StringBuilder();
    b.append(PLACES[random.nextInt(PLACES.length)]).append(" - ");
    int paragraphs = 1 + random.nextInt(3);
    for (int i = 0; i < paragraphs; i++) {
      if (i > 0) {
        b.append("\n\n");
      }
      b.append(TOPICS[random.nextInt(TOPICS.length)]).append(' ');
      b.append(FILLER.repeat(1 + random.nextInt(3)).trim());
    }
    b.append("\n\n(story ").append(story).append(", version ").append(version).append(')');
    return b.toString();
  }

  /** How many requests the plan makes, and how many of them write a version. */
  public static int requests(List<Story> stories) {
    return stories.stream().mapToInt(s -> s.steps().size()).sum();
  }
}
