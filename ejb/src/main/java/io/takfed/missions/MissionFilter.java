package io.takfed.missions;

import java.util.List;
import java.util.Locale;

/**
 * A peer's {@code mission_filter}: {@code null} lets every mission through, {@code []} none; otherwise a mission
 * goes through when its name matches one entry, case-insensitively, where {@code *} stands for any run of
 * characters and {@code ?} for exactly one.
 */
public final class MissionFilter {

    private MissionFilter() {
    }

    public static boolean admits(List<String> filter, String missionName) {
        if (filter == null) {
            return true;
        }
        String name = missionName.toLowerCase(Locale.ROOT);
        return filter.stream().anyMatch(pattern -> matches(pattern.toLowerCase(Locale.ROOT), 0, name, 0));
    }

    /** Glob matching without regular expressions, so no entry can be a pattern attack. */
    private static boolean matches(String pattern, int p, String name, int n) {
        int star = -1;
        int mark = 0;
        while (n < name.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == name.charAt(n))) {
                p++;
                n++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = n;
            } else if (star >= 0) {
                p = star + 1;
                n = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
