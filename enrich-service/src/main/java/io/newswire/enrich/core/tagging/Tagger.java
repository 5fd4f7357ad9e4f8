package io.newswire.enrich.core.tagging;

import io.newswire.enrich.core.budget.WorkBudget;
import io.newswire.enrich.core.language.LanguageTags;
import io.newswire.enrich.core.text.NormalizedStory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ahocorasick.trie.Emit;
import org.ahocorasick.trie.Trie;

/**
 * Finds lexicon terms in a story and turns them into {@link TagResult}s.
 *
 * <p>All terms of all tags are compiled into one Aho-Corasick automaton over the {@linkplain
 * FoldedText folded} text, so each field is scanned once whatever the lexicon size. Each candidate
 * is then checked against its term's own rules: exact case / diacritics when the term asks for
 * them, word boundaries, and {@link MatchRules}. Blocker terms veto the candidates of their tag
 * that they overlap; a candidate inside a longer accepted candidate of the same tag is dropped (so
 * {@code generative AI} is one mention, not two).
 *
 * <p>Confidence of a tag = {@code 1 - Π(1 - weight/100)} over its mentions, in percent; a tag is
 * assigned when its confidence reaches the taxonomy's {@code minConfidence}. Relevance = 15, +40
 * when mentioned in the headline, +15 when mentioned in the first body paragraph, +6 per
 * body/caption mention up to 30.
 *
 * <p>Immutable and thread-safe after construction.
 */
public final class Tagger {

  /**
   * At most this many mentions of a tag are reported (the first ones); confidence and relevance
   * count them all.
   */
  public static final int MAX_MENTIONS = 200;

  private final Taxonomy taxonomy;
  private final Trie trie;
  private final Map<String, List<Compiled>> byKey;

  /** A lexicon entry with its precomputed verification key. */
  private record Compiled(LexiconEntry entry, String verifyKey) {}

  /** A candidate that passed the checks. */
  private record Candidate(LexiconEntry entry, String field, int start, int end, String text) {}

  /** Builds the automaton for all lexicon entries of {@code taxonomy}. */
  public Tagger(Taxonomy taxonomy) {
    this.taxonomy = taxonomy;
    Map<String, List<Compiled>> keys = new HashMap<>();
    for (LexiconEntry e : taxonomy.lexicon()) {
      String key = FoldedText.of(e.term()).folded();
      if (key.isBlank()) {
        continue;
      }
      String verify = FoldedText.key(e.term(), !e.caseSensitive(), !e.diacriticSensitive());
      keys.computeIfAbsent(key, k -> new ArrayList<>()).add(new Compiled(e, verify));
    }
    keys.replaceAll((k, v) -> List.copyOf(v));
    this.byKey = Map.copyOf(keys);
    this.trie = Trie.builder().addKeywords(byKey.keySet()).build();
  }

  /**
   * Tags a normalised story.
   *
   * @param story the story
   * @param language primary language subtag of the story ({@code "und"} when unknown); some terms
   *     depend on it
   * @return assigned tags in taxonomy order
   */
  public List<TagResult> tag(NormalizedStory story, String language) {
    return tag(story, language, WorkBudget.UNLIMITED);
  }

  /**
   * Tags a normalised story within a time budget.
   *
   * @throws WorkBudget.Exceeded when the budget runs out
   */
  public List<TagResult> tag(NormalizedStory story, String language, WorkBudget budget) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(Mention.HEADLINE, story.headline());
    fields.put(Mention.BODY, story.body());
    fields.put(Mention.CAPTION, story.captionText());
    String lead = story.paragraphs().isEmpty() ? "" : story.paragraphs().get(0);
    return tag(fields, language, lead.length(), budget);
  }

  /**
   * Tags arbitrary fields.
   *
   * @param fields field name to normalised text; names should be the {@link Mention} field names
   * @param language primary language subtag ({@code "und"} when unknown)
   * @param leadLength length of the first paragraph of the body field (mentions before it count as
   *     lead)
   * @return assigned tags in taxonomy order
   */
  public List<TagResult> tag(Map<String, String> fields, String language, int leadLength) {
    return tag(fields, language, leadLength, WorkBudget.UNLIMITED);
  }

  private List<TagResult> tag(
      Map<String, String> fields, String language, int leadLength, WorkBudget budget) {
    String lang = LanguageTags.primary(language);
    DocumentCues cues = new DocumentCues(fields);
    List<Candidate> candidates = new ArrayList<>();
    for (Map.Entry<String, String> f : fields.entrySet()) {
      if (f.getValue() != null && !f.getValue().isEmpty()) {
        candidates.addAll(find(f.getKey(), f.getValue(), lang, cues, budget));
      }
    }
    budget.check("tagging");
    List<TagResult> results = new ArrayList<>();
    for (TagDefinition tag : taxonomy.tags()) {
      List<Candidate> mentions = resolve(tag.id(), candidates);
      if (mentions.isEmpty()) {
        continue;
      }
      int confidence = confidence(mentions);
      if (confidence < taxonomy.minConfidence()) {
        continue;
      }
      results.add(
          new TagResult(
              tag.id(),
              tag.label(),
              tag.mediaTopicUri(),
              tag.wikidataId(),
              relevance(mentions, leadLength),
              confidence,
              mentions.stream()
                  .limit(MAX_MENTIONS)
                  .map(c -> new Mention(c.field(), c.start(), c.end(), c.text()))
                  .toList()));
    }
    return List.copyOf(results);
  }

  private List<Candidate> find(
      String field, String text, String lang, DocumentCues cues, WorkBudget budget) {
    FoldedText folded = FoldedText.of(text);
    budget.check("folding");
    List<Candidate> out = new ArrayList<>();
    int seen = 0;
    for (Emit emit : trie.parseText(folded.folded())) {
      if (++seen % 4096 == 0) {
        budget.check("tagging");
      }
      int start = folded.originalStart(emit.getStart());
      int end = folded.originalEnd(emit.getEnd());
      String surface = text.substring(start, end);
      for (Compiled c : byKey.getOrDefault(emit.getKeyword(), List.of())) {
        LexiconEntry e = c.entry();
        if (!FoldedText.key(surface, !e.caseSensitive(), !e.diacriticSensitive())
            .equals(c.verifyKey())) {
          continue;
        }
        if (!boundaryOk(text, start, end, e.boundary())) {
          continue;
        }
        MatchContext ctx = new MatchContext(text, start, end, lang, cues);
        if (rejected(e.rules(), ctx)) {
          continue;
        }
        int wordEnd = e.boundary() == LexiconEntry.Boundary.START ? endOfWord(text, end) : end;
        out.add(new Candidate(e, field, start, wordEnd, text.substring(start, wordEnd)));
      }
    }
    return out;
  }

  private static boolean rejected(List<MatchRule> rules, MatchContext ctx) {
    for (MatchRule r : rules) {
      if (r.rejects(ctx)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Blockers veto the candidates they overlap; a candidate inside a longer one (or a second
   * candidate on the same span, of lower weight) is dropped. One sort and one sweep per field: O(n
   * log n) in the number of candidates.
   */
  private static List<Candidate> resolve(String tag, List<Candidate> all) {
    Map<String, List<Candidate>> evidenceByField = new LinkedHashMap<>();
    Map<String, List<Candidate>> blockersByField = new HashMap<>();
    for (Candidate c : all) {
      if (c.entry().tag().equals(tag)) {
        (c.entry().blocker() ? blockersByField : evidenceByField)
            .computeIfAbsent(c.field(), f -> new ArrayList<>())
            .add(c);
      }
    }
    List<Candidate> kept = new ArrayList<>();
    for (Map.Entry<String, List<Candidate>> f : evidenceByField.entrySet()) {
      Blockers blockers = new Blockers(blockersByField.getOrDefault(f.getKey(), List.of()));
      List<Candidate> evidence =
          new ArrayList<>(f.getValue().stream().filter(c -> !blockers.overlap(c)).toList());
      // outer spans first: by start, then longest, then strongest; a candidate is inside an earlier
      // one exactly
      // when the farthest end seen so far reaches its end
      evidence.sort(
          Comparator.comparingInt(Candidate::start)
              .thenComparing(Comparator.comparingInt(Candidate::end).reversed())
              .thenComparing(
                  Comparator.comparingInt((Candidate c) -> c.entry().weight()).reversed()));
      int farthest = -1;
      for (Candidate c : evidence) {
        if (c.end() > farthest) {
          kept.add(c);
          farthest = c.end();
        }
      }
    }
    kept.sort(
        Comparator.comparingInt((Candidate c) -> fieldOrder(c.field()))
            .thenComparingInt(Candidate::start));
    return kept;
  }

  /** The blockers of one field, answering "does any overlap this span?" in O(log n). */
  private static final class Blockers {
    private final int[] starts;
    private final int[] maxEnd;

    Blockers(List<Candidate> blockers) {
      List<Candidate> sorted =
          blockers.stream().sorted(Comparator.comparingInt(Candidate::start)).toList();
      starts = new int[sorted.size()];
      maxEnd = new int[sorted.size()];
      int max = Integer.MIN_VALUE;
      for (int i = 0; i < sorted.size(); i++) {
        starts[i] = sorted.get(i).start();
        max = Math.max(max, sorted.get(i).end());
        maxEnd[i] = max;
      }
    }

    /**
     * Whether a blocker starting before {@code c} ends and ending after {@code c} starts exists.
     */
    boolean overlap(Candidate c) {
      int lo = 0;
      int hi = starts.length; // count of blockers with start < c.end
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (starts[mid] < c.end()) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo > 0 && maxEnd[lo - 1] > c.start();
    }
  }

  private static int fieldOrder(String field) {
    return switch (field) {
      case Mention.HEADLINE -> 0;
      case Mention.BODY -> 1;
      case Mention.CAPTION -> 2;
      default -> 3;
    };
  }

  static int confidence(List<Candidate> mentions) {
    double miss = 1.0;
    for (Candidate c : mentions) {
      miss *= 1.0 - c.entry().weight() / 100.0;
    }
    return (int) Math.round(100 * (1 - miss));
  }

  private static int relevance(List<Candidate> mentions, int leadLength) {
    boolean headline = mentions.stream().anyMatch(c -> c.field().equals(Mention.HEADLINE));
    boolean lead =
        mentions.stream().anyMatch(c -> c.field().equals(Mention.BODY) && c.start() < leadLength);
    long inText = mentions.stream().filter(c -> !c.field().equals(Mention.HEADLINE)).count();
    int score = 15 + (headline ? 40 : 0) + (lead ? 15 : 0) + (int) Math.min(30, 6 * inText);
    return Math.min(100, score);
  }

  /**
   * Word boundary check on the original text; letters of scripts written without spaces never block
   * a match.
   */
  static boolean boundaryOk(String text, int start, int end, LexiconEntry.Boundary boundary) {
    if (boundary == LexiconEntry.Boundary.NONE) {
      return true;
    }
    if (start > 0 && isWordChar(text.codePointBefore(start))) {
      return false;
    }
    return boundary == LexiconEntry.Boundary.START
        || end >= text.length()
        || !isWordChar(text.codePointAt(end));
  }

  /**
   * A stem match is reported up to the end of its word ({@code digitalis} → {@code
   * digitalisation}).
   */
  private static int endOfWord(String text, int from) {
    int i = from;
    while (i < text.length() && isWordChar(text.codePointAt(i))) {
      i += Character.charCount(text.codePointAt(i));
    }
    return i;
  }

  private static boolean isWordChar(int cp) {
    if (!Character.isLetterOrDigit(cp)
        && Character.getType(cp) != Character.NON_SPACING_MARK
        && Character.getType(cp) != Character.COMBINING_SPACING_MARK) {
      return false;
    }
    return !FoldedText.isSpaceless(cp);
  }
}
