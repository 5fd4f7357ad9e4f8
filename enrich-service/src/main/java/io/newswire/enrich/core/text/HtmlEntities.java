package io.newswire.enrich.core.text;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes HTML character references: numeric ({@code &#233;}, {@code &#xE9;}) and the named
 * entities that occur in wire copy (the HTML 4 Latin-1, symbol and punctuation sets plus {@code
 * &apos;}). Unknown names are left as they are. Stateless and thread-safe.
 */
final class HtmlEntities {

  private static final Pattern REF =
      Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,10});?");

  private static final Map<String, Integer> NAMED =
      Map.ofEntries(
          Map.entry("amp", 38),
          Map.entry("lt", 60),
          Map.entry("gt", 62),
          Map.entry("quot", 34),
          Map.entry("apos", 39),
          Map.entry("nbsp", 160),
          Map.entry("iexcl", 161),
          Map.entry("cent", 162),
          Map.entry("pound", 163),
          Map.entry("curren", 164),
          Map.entry("yen", 165),
          Map.entry("brvbar", 166),
          Map.entry("sect", 167),
          Map.entry("uml", 168),
          Map.entry("copy", 169),
          Map.entry("ordf", 170),
          Map.entry("laquo", 171),
          Map.entry("not", 172),
          Map.entry("shy", 173),
          Map.entry("reg", 174),
          Map.entry("macr", 175),
          Map.entry("deg", 176),
          Map.entry("plusmn", 177),
          Map.entry("sup2", 178),
          Map.entry("sup3", 179),
          Map.entry("acute", 180),
          Map.entry("micro", 181),
          Map.entry("para", 182),
          Map.entry("middot", 183),
          Map.entry("cedil", 184),
          Map.entry("sup1", 185),
          Map.entry("ordm", 186),
          Map.entry("raquo", 187),
          Map.entry("frac14", 188),
          Map.entry("frac12", 189),
          Map.entry("frac34", 190),
          Map.entry("iquest", 191),
          Map.entry("Agrave", 192),
          Map.entry("Aacute", 193),
          Map.entry("Acirc", 194),
          Map.entry("Atilde", 195),
          Map.entry("Auml", 196),
          Map.entry("Aring", 197),
          Map.entry("AElig", 198),
          Map.entry("Ccedil", 199),
          Map.entry("Egrave", 200),
          Map.entry("Eacute", 201),
          Map.entry("Ecirc", 202),
          Map.entry("Euml", 203),
          Map.entry("Igrave", 204),
          Map.entry("Iacute", 205),
          Map.entry("Icirc", 206),
          Map.entry("Iuml", 207),
          Map.entry("ETH", 208),
          Map.entry("Ntilde", 209),
          Map.entry("Ograve", 210),
          Map.entry("Oacute", 211),
          Map.entry("Ocirc", 212),
          Map.entry("Otilde", 213),
          Map.entry("Ouml", 214),
          Map.entry("times", 215),
          Map.entry("Oslash", 216),
          Map.entry("Ugrave", 217),
          Map.entry("Uacute", 218),
          Map.entry("Ucirc", 219),
          Map.entry("Uuml", 220),
          Map.entry("Yacute", 221),
          Map.entry("THORN", 222),
          Map.entry("szlig", 223),
          Map.entry("agrave", 224),
          Map.entry("aacute", 225),
          Map.entry("acirc", 226),
          Map.entry("atilde", 227),
          Map.entry("auml", 228),
          Map.entry("aring", 229),
          Map.entry("aelig", 230),
          Map.entry("ccedil", 231),
          Map.entry("egrave", 232),
          Map.entry("eacute", 233),
          Map.entry("ecirc", 234),
          Map.entry("euml", 235),
          Map.entry("igrave", 236),
          Map.entry("iacute", 237),
          Map.entry("icirc", 238),
          Map.entry("iuml", 239),
          Map.entry("eth", 240),
          Map.entry("ntilde", 241),
          Map.entry("ograve", 242),
          Map.entry("oacute", 243),
          Map.entry("ocirc", 244),
          Map.entry("otilde", 245),
          Map.entry("ouml", 246),
          Map.entry("divide", 247),
          Map.entry("oslash", 248),
          Map.entry("ugrave", 249),
          Map.entry("uacute", 250),
          Map.entry("ucirc", 251),
          Map.entry("uuml", 252),
          Map.entry("yacute", 253),
          Map.entry("thorn", 254),
          Map.entry("yuml", 255),
          Map.entry("OElig", 338),
          Map.entry("oelig", 339),
          Map.entry("Scaron", 352),
          Map.entry("scaron", 353),
          Map.entry("Yuml", 376),
          Map.entry("fnof", 402),
          Map.entry("circ", 710),
          Map.entry("tilde", 732),
          Map.entry("ensp", 8194),
          Map.entry("emsp", 8195),
          Map.entry("thinsp", 8201),
          Map.entry("zwnj", 8204),
          Map.entry("zwj", 8205),
          Map.entry("lrm", 8206),
          Map.entry("rlm", 8207),
          Map.entry("ndash", 8211),
          Map.entry("mdash", 8212),
          Map.entry("lsquo", 8216),
          Map.entry("rsquo", 8217),
          Map.entry("sbquo", 8218),
          Map.entry("ldquo", 8220),
          Map.entry("rdquo", 8221),
          Map.entry("bdquo", 8222),
          Map.entry("dagger", 8224),
          Map.entry("Dagger", 8225),
          Map.entry("bull", 8226),
          Map.entry("hellip", 8230),
          Map.entry("permil", 8240),
          Map.entry("prime", 8242),
          Map.entry("Prime", 8243),
          Map.entry("lsaquo", 8249),
          Map.entry("rsaquo", 8250),
          Map.entry("euro", 8364),
          Map.entry("trade", 8482),
          Map.entry("larr", 8592),
          Map.entry("rarr", 8594),
          Map.entry("minus", 8722));

  /** Entities browsers also accept without the closing semicolon. */
  private static final java.util.Set<String> LOOSE = java.util.Set.of("amp", "lt", "gt", "quot");

  private HtmlEntities() {}

  /** Decodes character references once; invalid or unknown references are kept verbatim. */
  static String decode(String s) {
    if (s.indexOf('&') < 0) {
      return s;
    }
    Matcher m = REF.matcher(s);
    StringBuilder out = new StringBuilder(s.length());
    while (m.find()) {
      String ref = m.group(1);
      int cp = -1;
      if (ref.charAt(0) == '#') {
        try {
          cp =
              (ref.charAt(1) == 'x' || ref.charAt(1) == 'X')
                  ? Integer.parseInt(ref.substring(2), 16)
                  : Integer.parseInt(ref.substring(1));
        } catch (NumberFormatException e) {
          cp = -1;
        }
        if (!Character.isValidCodePoint(cp) || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0) {
          cp = 0xFFFD;
        }
      } else {
        Integer named = NAMED.get(ref);
        if (named != null && (m.group().endsWith(";") || LOOSE.contains(ref))) {
          cp = named;
        }
      }
      m.appendReplacement(
          out,
          cp < 0
              ? Matcher.quoteReplacement(m.group())
              : Matcher.quoteReplacement(new String(Character.toChars(cp))));
    }
    m.appendTail(out);
    return out.toString();
  }
}
