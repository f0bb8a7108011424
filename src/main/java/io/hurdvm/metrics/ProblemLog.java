package io.hurdvm.metrics;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Warns about a recurring problem once, when it appears or changes: a scrape every 15 s would
 * otherwise repeat the same broken file all day. Keys name what is broken (an instance, a file).
 */
final class ProblemLog {
    private final Logger log;
    private final Map<String, String> current = new ConcurrentHashMap<>();

    ProblemLog(Logger log) {
        this.log = log;
    }

    /** Logs "{key}: {consequence}: {problem}" unless the same problem was logged last for this key. */
    void report(String key, String consequence, Throwable problem) {
        String text = oneLine(problem);
        if (!text.equals(current.put(key, text))) {
            log.warn("{}: {}: {}", key, consequence, text);
        }
    }

    /** The problem is gone; if it comes back it is logged again. */
    void clear(String key) {
        current.remove(key);
    }

    /** Forgets keys that no longer exist (removed instances). */
    void retainOnly(Collection<String> keys) {
        current.keySet().retainAll(keys);
    }

    /** Jackson's messages span lines and some exceptions have none: keep log lines to one line. */
    private static String oneLine(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
