package dev.minerva.core.config;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A glob over object locations: {@code *} matches within one path segment, {@code **} across segments, {@code ?}
 * one character, everything else itself. {@code s3://trail-bucket/AWSLogs/*}{@code /CloudTrail/**} matches every
 * CloudTrail object of every account in that bucket.
 */
public final class UriGlob {
    private final String glob;
    private final Pattern pattern;

    private UriGlob(String glob, Pattern pattern) {
        this.glob = glob;
        this.pattern = pattern;
    }

    public static UriGlob compile(String glob) {
        requireNonNull(glob, "glob is null");
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    // "a/**/b" also matches "a/b": the slash after ** is optional.
                    if (i + 2 < glob.length() && glob.charAt(i + 2) == '/') {
                        regex.append("(?:.*/)?");
                        i += 3;
                    } else {
                        regex.append(".*");
                        i += 2;
                    }
                } else {
                    regex.append("[^/]*");
                    i++;
                }
            } else if (c == '?') {
                regex.append("[^/]");
                i++;
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        return new UriGlob(glob, Pattern.compile(regex.toString()));
    }

    public boolean matches(String location) {
        return pattern.matcher(location).matches();
    }

    public String glob() {
        return glob;
    }

    @Override
    public String toString() {
        return glob;
    }
}
