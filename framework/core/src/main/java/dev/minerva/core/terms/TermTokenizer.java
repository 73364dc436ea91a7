package dev.minerva.core.terms;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits one value into lower-cased search terms; the same instance rules serve the indexer and the query parser.
 *
 * <p>A value is cut into <em>chunks</em> at whitespace and at punctuation that never joins an identifier
 * ({@code , ; ( ) [ ] { } < > " ' | \ ! * $ % ^ ~ `}). Each chunk is indexed whole and then by parts, splitting at
 * joiner characters level by level ({@code :} then {@code /} then {@code ? & #} then {@code =} then {@code @} then
 * {@code .} then {@code - _ +}); every intermediate part is a term too, so {@code arn:aws:iam::1:user/alice} yields
 * {@code user/alice}, {@code user} and {@code alice}. Dotted numbers (IPv4, anonymised IPs, decimals, versions),
 * UUIDs and IPv6-like values stay atomic; IPv6 also gets its RFC 5952 text. URLs split the query before the path, so
 * {@code https://h/p?q=1} yields {@code h/p}, {@code h}, {@code p}, {@code q=1}. Terms longer than the bound are cut
 * to it, identically when indexing and querying.
 *
 * <p>Thread-safe and allocation-light: apart from the terms themselves, one lower-cased copy of the value is made
 * only when it contains upper-case characters.
 */
public final class TermTokenizer {
    /** The bound used unless configured otherwise. */
    public static final int DEFAULT_MAX_TERM_LENGTH = 128;

    private static final byte SEPARATOR = 0;
    private static final byte WORD = 1;
    private static final byte JOINER = 2;
    private static final byte[] ASCII_CLASS = new byte[128];

    // Order matters: the coarsest structure first so the structured parts (user/alice, example.com) survive as terms.
    private static final String[] LEVELS = {":", "/", "?&#", "=", "@", ".", "-_+"};
    // In URLs the query string goes first: host/path stays a term, host:port splits after the path.
    private static final String[] URL_LEVELS = {"?&#", "/", "=", ":", "@", ".", "-_+"};

    // For each level list: the level of each ASCII joiner (or -1), so one pass finds the coarsest level present.
    private static final byte[] LEVEL_OF = levelTable(LEVELS);
    private static final byte[] URL_LEVEL_OF = levelTable(URL_LEVELS);

    static {
        for (char c = 0; c < 128; c++) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                ASCII_CLASS[c] = WORD;
            } else if (".-_:/?&#=@+".indexOf(c) >= 0) {
                ASCII_CLASS[c] = JOINER;
            } else {
                ASCII_CLASS[c] = SEPARATOR;
            }
        }
    }

    private final int maxTermLength;

    public TermTokenizer() {
        this(DEFAULT_MAX_TERM_LENGTH);
    }

    public TermTokenizer(int maxTermLength) {
        if (maxTermLength < 1) {
            throw new IllegalArgumentException("maxTermLength must be at least 1, got " + maxTermLength);
        }
        this.maxTermLength = maxTermLength;
    }

    public int maxTermLength() {
        return maxTermLength;
    }

    /** Adds every index term of {@code value} (each chunk whole and by parts) to {@code terms}. */
    public void addTerms(String value, Set<String> terms) {
        addTerms(value, terms::add);
    }

    /** Passes every index term of {@code value} to {@code terms}, possibly more than once; see {@link #addTerms(String, Set)}. */
    public void addTerms(String value, TermConsumer terms) {
        String text = value.toLowerCase(Locale.ROOT);
        int length = text.length();
        int start = 0;
        while (start < length) {
            while (start < length && classOf(text.charAt(start)) == SEPARATOR) {
                start++;
            }
            int end = start;
            while (end < length && classOf(text.charAt(end)) != SEPARATOR) {
                end++;
            }
            if (end > start) {
                chunk(text, start, end, LEVELS, 0, true, terms);
            }
            start = end;
        }
    }

    /** Returns the distinct index terms of {@code value}, in first-seen order; convenient off the hot path. */
    public List<String> indexTerms(String value) {
        Set<String> terms = new LinkedHashSet<>();
        addTerms(value, terms);
        return List.copyOf(terms);
    }

    /**
     * Returns the terms a query for {@code text} must all match: one per chunk, whole (the index holds every chunk
     * whole and every part of it, so the whole chunk is both sufficient and the most selective term).
     */
    public List<String> queryTerms(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        Set<String> terms = new LinkedHashSet<>();
        int length = lower.length();
        int start = 0;
        while (start < length) {
            while (start < length && classOf(lower.charAt(start)) == SEPARATOR) {
                start++;
            }
            int end = start;
            while (end < length && classOf(lower.charAt(end)) != SEPARATOR) {
                end++;
            }
            int from = trimStart(lower, start, end);
            int to = trimEnd(lower, from, end);
            if (to > from) {
                String canonical = isIpv6Like(lower, from, to) ? canonicalIpv6(lower.substring(from, to)) : null;
                terms.add(canonical != null ? canonical : cut(lower, from, to));
            }
            start = end;
        }
        return List.copyOf(terms);
    }

    /**
     * Returns the exact decimal text of a number as indexed: integers as digits, {@link BigDecimal} as written
     * ({@code 0.10}), doubles in their shortest exact plain form ({@code 1234567}, never {@code 1.234567E6}).
     */
    public static String numberText(Number number) {
        if (number instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (number instanceof Double || number instanceof Float) {
            double d = number.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return Double.toString(d).toLowerCase(Locale.ROOT);
            }
            BigDecimal exact = number instanceof Float ? new BigDecimal(number.toString()) : BigDecimal.valueOf(d);
            if (exact.signum() == 0) {
                return "0";
            }
            return exact.stripTrailingZeros().toPlainString();
        }
        if (number instanceof BigInteger || number instanceof Long || number instanceof Integer
                || number instanceof Short || number instanceof Byte) {
            return number.toString();
        }
        return new BigDecimal(number.toString()).toPlainString();
    }

    private void chunk(String s, int start, int end, String[] levels, int level, boolean top, TermConsumer terms) {
        start = trimStart(s, start, end);
        end = trimEnd(s, start, end);
        if (start >= end) {
            return;
        }
        terms.accept(cut(s, start, end));
        // A UUID is searched for whole (an event, request or key id) and almost never by a group of its hex digits;
        // its five random fragments were a sixth of CloudTrail's term rows and a larger share of its term bytes.
        if (isDottedNumber(s, start, end) || isUuid(s, start, end)) {
            return;
        }
        if (isIpv6Like(s, start, end)) {
            String canonical = canonicalIpv6(s.substring(start, end));
            if (canonical != null) {
                terms.accept(canonical);
            }
            return;
        }
        if (top) {
            int schemeEnd = urlSchemeEnd(s, start, end);
            if (schemeEnd > 0) {
                terms.accept(cut(s, start, schemeEnd));
                split(s, schemeEnd + 3, end, URL_LEVELS, 0, terms);
                return;
            }
            if (isIsoDateTime(s, start, end)) {
                terms.accept(s.substring(start, start + 10));
                return;
            }
        }
        split(s, start, end, levels, level, terms);
    }

    private void split(String s, int start, int end, String[] levels, int level, TermConsumer terms) {
        byte[] levelOf = levels == URL_LEVELS ? URL_LEVEL_OF : LEVEL_OF;
        int coarsest = Integer.MAX_VALUE;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c < 128 && levelOf[c] >= level && levelOf[c] < coarsest) {
                coarsest = levelOf[c];
            }
        }
        if (coarsest == Integer.MAX_VALUE) {
            return;
        }
        if (levels[coarsest].equals(".")) {
            addParentDomains(s, start, end, terms);
        }
        int partStart = start;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c < 128 && levelOf[c] == coarsest) {
                chunk(s, partStart, i, levels, coarsest + 1, false, terms);
                partStart = i + 1;
            }
        }
        chunk(s, partStart, end, levels, coarsest + 1, false, terms);
    }

    /**
     * For a host name of three or more labels, adds each parent domain of two or more labels, so a search for
     * {@code ec2.amazonaws.com} also finds {@code console.ec2.amazonaws.com}: "anything under this domain".
     */
    private void addParentDomains(String s, int start, int end, TermConsumer terms) {
        int labels = 1;
        boolean letterInLast = false;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (i == start || s.charAt(i - 1) == '.') {
                    return; // an empty label: not a host name
                }
                labels++;
                letterInLast = false;
            } else if (c >= 'a' && c <= 'z') {
                letterInLast = true;
            } else if (!(c >= '0' && c <= '9') && c != '-') {
                return;
            }
        }
        if (labels < 3 || !letterInLast || s.charAt(end - 1) == '.') {
            return;
        }
        int seen = 0;
        for (int i = start; i < end && seen < labels - 2; i++) {
            if (s.charAt(i) == '.') {
                seen++;
                terms.accept(cut(s, i + 1, end));
            }
        }
    }

    private static byte[] levelTable(String[] levels) {
        byte[] table = new byte[128];
        java.util.Arrays.fill(table, (byte) -1);
        for (int l = 0; l < levels.length; l++) {
            for (char c : levels[l].toCharArray()) {
                table[c] = (byte) l;
            }
        }
        return table;
    }

    private String cut(String s, int start, int end) {
        return s.substring(start, Math.min(end, start + maxTermLength));
    }

    private static byte classOf(char c) {
        if (c < 128) {
            return ASCII_CLASS[c];
        }
        // Surrogates are kept as word characters so supplementary letters (CJK extensions, emoji) are not cut apart.
        return Character.isLetterOrDigit(c) || Character.isSurrogate(c) ? WORD : SEPARATOR;
    }

    private static int trimStart(String s, int start, int end) {
        while (start < end && classOf(s.charAt(start)) == JOINER) {
            char c = s.charAt(start);
            boolean negativeNumber = c == '-' && start + 1 < end && isDigit(s.charAt(start + 1));
            boolean ipv6Start = c == ':' && start + 1 < end && s.charAt(start + 1) == ':' && isIpv6Like(s, start, end);
            if (negativeNumber || ipv6Start) {
                break;
            }
            start++;
        }
        return start;
    }

    private static int trimEnd(String s, int start, int end) {
        while (end > start && classOf(s.charAt(end - 1)) == JOINER) {
            if (s.charAt(end - 1) == ':' && end - 2 >= start && s.charAt(end - 2) == ':' && isIpv6Like(s, start, end)) {
                break;
            }
            end--;
        }
        return end;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** {@code -?digits(.digits)*}: integers, decimals, IPv4 and anonymised IPs such as 075.050.255.67. */
    /** {@code 8-4-4-4-12} hex digits (lower-cased already), as {@code java.util.UUID} and AWS write them. */
    static boolean isUuid(String s, int start, int end) {
        if (end - start != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(start + i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDottedNumber(String s, int start, int end) {
        int i = start;
        if (s.charAt(i) == '-') {
            i++;
        }
        boolean previousDigit = false;
        if (i >= end) {
            return false;
        }
        for (; i < end; i++) {
            char c = s.charAt(i);
            if (isDigit(c)) {
                previousDigit = true;
            } else if (c == '.' && previousDigit) {
                previousDigit = false;
            } else {
                return false;
            }
        }
        return previousDigit;
    }

    /** Hex digits, colons and dots with at least two colons: IPv6, but also MAC addresses and clock times. */
    private static boolean isIpv6Like(String s, int start, int end) {
        int colons = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c == ':') {
                colons++;
            } else if (!(isDigit(c) || (c >= 'a' && c <= 'f') || c == '.')) {
                return false;
            }
        }
        return colons >= 2;
    }

    /** RFC 5952 text of a lower-case IPv6 address, or null when it is not a plain (non IPv4-mapped) address. */
    static String canonicalIpv6(String text) {
        if (text.indexOf('.') >= 0) {
            return null;
        }
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return null;
        }
        int[] groups = new int[8];
        String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
        String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
        String[] headParts = head.isEmpty() ? new String[0] : head.split(":", -1);
        String[] tailParts = tail.isEmpty() ? new String[0] : tail.split(":", -1);
        int count = headParts.length + tailParts.length;
        if (doubleColon < 0 ? count != 8 : count > 7) {
            return null;
        }
        for (int i = 0; i < headParts.length; i++) {
            groups[i] = parseGroup(headParts[i]);
        }
        for (int i = 0; i < tailParts.length; i++) {
            groups[8 - tailParts.length + i] = parseGroup(tailParts[i]);
        }
        for (int group : groups) {
            if (group < 0) {
                return null;
            }
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    private static int parseGroup(String group) {
        if (group.isEmpty() || group.length() > 4) {
            return -1;
        }
        try {
            return Integer.parseInt(group, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Index of "://" after a letters-only scheme, or -1. */
    private static int urlSchemeEnd(String s, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c == ':') {
                return i > start && i + 2 < end && s.charAt(i + 1) == '/' && s.charAt(i + 2) == '/' ? i : -1;
            }
            if (!(c >= 'a' && c <= 'z')) {
                return -1;
            }
        }
        return -1;
    }

    /** {@code yyyy-mm-ddThh…}: indexed whole plus its date, not as a dozen two-digit fragments. */
    private static boolean isIsoDateTime(String s, int start, int end) {
        if (end - start < 13) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            char c = s.charAt(start + i);
            boolean ok = (i == 4 || i == 7) ? c == '-' : isDigit(c);
            if (!ok) {
                return false;
            }
        }
        return s.charAt(start + 10) == 't' && isDigit(s.charAt(start + 11)) && isDigit(s.charAt(start + 12));
    }
}
