package io.newswire.ingest.core.feeds;

import io.newswire.ingest.core.InvalidSubmissionException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever bytes a feed server sends, the parser answers a feed or its one documented refusal —
 * never another error.
 */
class FeedParserProperties {
  final FeedParser parser = new FeedParser();

  @Property(tries = 400)
  void mutatedFeedsGiveAFeedOrTheDocumentedRefusal(
      @ForAll("mutatedFeeds") byte[] document, @ForAll("declaredCharsets") String charset) {
    parseOrRefuse(document, charset);
  }

  @Property(tries = 200)
  void randomBytesGiveTheDocumentedRefusal(@ForAll byte[] document) {
    parseOrRefuse(document, null);
  }

  void parseOrRefuse(byte[] document, String charset) {
    try {
      FeedParser.Feed feed = parser.parse(document, charset);
      feed.items()
          .forEach(
              i -> {
                if (i.submission().body().isBlank() || i.payload().length == 0) {
                  throw new AssertionError("an item without body or payload: " + i);
                }
              });
    } catch (InvalidSubmissionException documented) {
      // the documented refusal
    }
  }

  @Provide
  Arbitrary<String> declaredCharsets() {
    return Arbitraries.of("utf-8", "iso-8859-1", "windows-1252", "utf-16", "bogus").injectNull(0.5);
  }

  @Provide
  Arbitrary<byte[]> mutatedFeeds() {
    Arbitrary<byte[]> seeds =
        Arbitraries.of(List.of(FeedParserTest.RSS, FeedParserTest.ATOM))
            .map(s -> s.getBytes(StandardCharsets.UTF_8));
    return Combinators.combine(
            seeds,
            Arbitraries.integers().between(0, 40),
            Arbitraries.randoms(),
            Arbitraries.of("flip", "truncate", "insert", "delete", "markup"))
        .as(
            (seed, count, random, how) -> {
              byte[] b = seed.clone();
              String[] markup = {
                "<",
                ">",
                "&",
                "]]>",
                "<![CDATA[",
                "<!DOCTYPE x [<!ENTITY e \"x\">]>",
                "&e;",
                "</item>",
                "<item>",
                "</entry>",
                "\u0000",
                "&#0;",
                "&#x110000;",
                "<guid>",
                "</guid>",
                "\"",
                "\u00e9"
              };
              for (int i = 0; i < count && b.length > 0; i++) {
                int at = random.nextInt(b.length);
                switch (how) {
                  case "flip" -> b[at] = (byte) random.nextInt(256);
                  case "truncate" -> b = java.util.Arrays.copyOf(b, at);
                  case "delete" -> {
                    byte[] c = new byte[b.length - 1];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                    b = c;
                  }
                  default -> {
                    byte[] ins =
                        how.equals("insert")
                            ? new byte[] {(byte) random.nextInt(256)}
                            : markup[random.nextInt(markup.length)].getBytes(
                                StandardCharsets.UTF_8);
                    byte[] c = new byte[b.length + ins.length];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(ins, 0, c, at, ins.length);
                    System.arraycopy(b, at, c, at + ins.length, b.length - at);
                    b = c;
                  }
                }
              }
              return b;
            });
  }
}
