package io.newswire.enrich.core;

import org.ahocorasick.trie.Emit;
import org.ahocorasick.trie.Trie;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds lexicon terms in a story and turns them into {@link TagResult}s.
 *
 * <p>All terms of all tags are compiled into one Aho-Corasick automaton over the {@linkplain FoldedText folded} text,
 * so each field is scanned once whatever the lexicon size. Each candidate is then checked against its term's own
 * rules: exact case / diacritics when the term asks for them, word boundaries, and {@link MatchRules}. Blocker terms
 * veto the candidates of their tag that they overlap; a candidate inside a longer accepted candidate of the same tag
 * is dropped (so {@code generative AI} is one mention, not two).
 *
 * <p>Confidence of a tag = {@code 1 - Π(1 - weight/100)} over its mentions, in percent; a tag is assigned when its
 * confidence reaches the taxonomy's {@code minConfidence}. Relevance = 15, +40 when mentioned in the headline, +15 when
 * mentioned in the first body paragraph, +6 per body/caption mention up to 30.
 *
 * <p>Immutable and thread-safe after construction.
 */
public final class Tagger {

    private final Taxonomy taxonomy;
    private final Trie trie;
    private final Map<String, List<Compiled>> byKey;

    /** A lexicon entry with its precomputed verification key. */
    private record Compiled(LexiconEntry entry, String verifyKey) {
    }

    /** A candidate that passed the checks. */
    private record Candidate(LexiconEntry entry, String field, int start, int end, String text) {
        boolean overlaps(Candidate o) {
            return field.equals(o.field) && start < o.end && o.start < end;
        }

        boolean within(Candidate o) {
            return field.equals(o.field) && o.start <= start && end <= o.end;
        }
    }

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
     * @param story    the story
     * @param language primary language subtag of the story ({@code "und"} when unknown); some terms depend on it
     * @return assigned tags in taxonomy order
     */
    public List<TagResult> tag(NormalizedStory story, String language) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(Mention.HEADLINE, story.headline());
        fields.put(Mention.BODY, story.body());
        fields.put(Mention.CAPTION, story.captionText());
        String lead = story.paragraphs().isEmpty() ? "" : story.paragraphs().get(0);
        return tag(fields, language, lead.length());
    }

    /**
     * Tags arbitrary fields.
     *
     * @param fields     field name to normalised text; names should be the {@link Mention} field names
     * @param language   primary language subtag ({@code "und"} when unknown)
     * @param leadLength length of the first paragraph of the body field (mentions before it count as lead)
     * @return assigned tags in taxonomy order
     */
    public List<TagResult> tag(Map<String, String> fields, String language, int leadLength) {
        String lang = primary(language);
        String document = String.join("\n", fields.values());
        List<Candidate> candidates = new ArrayList<>();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            if (f.getValue() != null && !f.getValue().isEmpty()) {
                candidates.addAll(find(f.getKey(), f.getValue(), lang, document));
            }
        }
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
            results.add(new TagResult(tag.id(), tag.label(), tag.mediaTopicUri(), tag.wikidataId(),
                    relevance(mentions, leadLength), confidence,
                    mentions.stream().map(c -> new Mention(c.field(), c.start(), c.end(), c.text())).toList()));
        }
        return List.copyOf(results);
    }

    private List<Candidate> find(String field, String text, String lang, String document) {
        FoldedText folded = FoldedText.of(text);
        List<Candidate> out = new ArrayList<>();
        for (Emit emit : trie.parseText(folded.folded())) {
            int start = folded.originalStart(emit.getStart());
            int end = folded.originalEnd(emit.getEnd());
            String surface = text.substring(start, end);
            for (Compiled c : byKey.getOrDefault(emit.getKeyword(), List.of())) {
                LexiconEntry e = c.entry();
                if (!FoldedText.key(surface, !e.caseSensitive(), !e.diacriticSensitive()).equals(c.verifyKey())) {
                    continue;
                }
                if (!boundaryOk(text, start, end, e.boundary())) {
                    continue;
                }
                MatchContext ctx = new MatchContext(text, start, end, lang, document);
                if (e.rules().stream().anyMatch(r -> r.rejects(ctx))) {
                    continue;
                }
                int wordEnd = e.boundary() == LexiconEntry.Boundary.START ? endOfWord(text, end) : end;
                out.add(new Candidate(e, field, start, wordEnd, text.substring(start, wordEnd)));
            }
        }
        return out;
    }

    /** Blockers veto overlapping candidates; nested and duplicate spans collapse into the longest, strongest one. */
    private static List<Candidate> resolve(String tag, List<Candidate> all) {
        List<Candidate> ofTag = all.stream().filter(c -> c.entry().tag().equals(tag)).toList();
        List<Candidate> blockers = ofTag.stream().filter(c -> c.entry().blocker()).toList();
        List<Candidate> evidence = ofTag.stream()
                .filter(c -> !c.entry().blocker())
                .filter(c -> blockers.stream().noneMatch(b -> b.overlaps(c)))
                .sorted(Comparator.comparingInt((Candidate c) -> c.end() - c.start()).reversed()
                        .thenComparing(Comparator.comparingInt((Candidate c) -> c.entry().weight()).reversed()))
                .toList();
        List<Candidate> kept = new ArrayList<>();
        for (Candidate c : evidence) {
            if (kept.stream().noneMatch(c::within)) {
                kept.add(c);
            }
        }
        kept.sort(Comparator.comparingInt((Candidate c) -> fieldOrder(c.field())).thenComparingInt(Candidate::start));
        return kept;
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
        boolean lead = mentions.stream().anyMatch(c -> c.field().equals(Mention.BODY) && c.start() < leadLength);
        long inText = mentions.stream().filter(c -> !c.field().equals(Mention.HEADLINE)).count();
        int score = 15 + (headline ? 40 : 0) + (lead ? 15 : 0) + (int) Math.min(30, 6 * inText);
        return Math.min(100, score);
    }

    /** Word boundary check on the original text; letters of scripts written without spaces never block a match. */
    static boolean boundaryOk(String text, int start, int end, LexiconEntry.Boundary boundary) {
        if (boundary == LexiconEntry.Boundary.NONE) {
            return true;
        }
        if (start > 0 && isWordChar(text.codePointBefore(start))) {
            return false;
        }
        return boundary == LexiconEntry.Boundary.START || end >= text.length() || !isWordChar(text.codePointAt(end));
    }

    /** A stem match is reported up to the end of its word ({@code digitalis} → {@code digitalisation}). */
    private static int endOfWord(String text, int from) {
        int i = from;
        while (i < text.length() && isWordChar(text.codePointAt(i))) {
            i += Character.charCount(text.codePointAt(i));
        }
        return i;
    }

    private static boolean isWordChar(int cp) {
        if (!Character.isLetterOrDigit(cp) && Character.getType(cp) != Character.NON_SPACING_MARK
                && Character.getType(cp) != Character.COMBINING_SPACING_MARK) {
            return false;
        }
        return !FoldedText.isSpaceless(cp);
    }

    static String primary(String language) {
        if (language == null || language.isBlank()) {
            return "und";
        }
        String p = language.split("[-_]")[0].toLowerCase(Locale.ROOT);
        return p.equals("tl") ? "fil" : p;
    }
}
