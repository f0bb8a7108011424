package io.hurdvm.storage.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.storage.schedule.RetentionPolicy.Decision;
import io.hurdvm.storage.schedule.RetentionPolicy.Item;
import io.hurdvm.storage.schedule.RetentionPolicy.Kept;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Tables of restic {@code forget} semantics. 2026-11-27 is a Friday in ISO week 48. */
class RetentionPolicyTest {
    private static final ZoneId UTC = ZoneOffset.UTC;

    /** Newest first. */
    private static final List<Item> HISTORY = List.of(
            item("a", "2026-11-27T10:15:00Z"),
            item("b", "2026-11-27T10:05:00Z"),
            item("c", "2026-11-27T09:30:00Z"),
            item("d", "2026-11-26T23:00:00Z"),
            item("e", "2026-11-26T08:00:00Z"),
            item("f", "2026-11-20T12:00:00Z"),
            item("g", "2026-10-31T12:00:00Z"),
            item("h", "2026-10-01T12:00:00Z"));

    static Stream<Arguments> table() {
        return Stream.of(
                row("nothing set keeps everything", Retention.KEEP_ALL, "a b c d e f g h"),
                row("keep-last 3: the three newest", Retention.keepLast(3), "a b c"),
                row("keep-last beyond the count keeps all", Retention.keepLast(10), "a b c d e f g h"),
                row("keep-hourly 2: newest of the two newest hours", new Retention(0, 2, 0, 0, 0), "a c"),
                row("keep-daily 2: newest of the two newest days", new Retention(0, 0, 2, 0, 0), "a d"),
                row("keep-daily 10: every day that has one, newest each", new Retention(0, 0, 10, 0, 0), "a d f g h"),
                row("keep-weekly 2: ISO weeks 48 and 47", new Retention(0, 0, 0, 2, 0), "a f"),
                row("keep-monthly 2: November and October", new Retention(0, 0, 0, 0, 2), "a g"),
                row("count left at the oldest keeps the oldest too", new Retention(0, 0, 0, 0, 3), "a g h"),
                row("rules add up, a snapshot counts for each", new Retention(1, 0, 2, 0, 0), "a d"),
                row("every rule can pick the same newest snapshot", new Retention(0, 1, 1, 1, 1), "a"),
                row("keep-last and hourly together", new Retention(2, 2, 0, 0, 0), "a b c"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void keepsWhatResticWould(String why, Retention retention, List<String> expectedKept) {
        Decision d = RetentionPolicy.apply(HISTORY, retention, UTC);
        assertThat(ids(d.keep())).as(why).containsExactlyElementsOf(expectedKept);
        List<String> forgotten = HISTORY.stream().map(Item::id).filter(id -> !expectedKept.contains(id)).toList();
        assertThat(d.forget()).extracting(Item::id).containsExactlyElementsOf(forgotten);
    }

    @Test
    void reasonsNameEveryRuleThatKeptASnapshot() {
        Decision d = RetentionPolicy.apply(HISTORY, new Retention(1, 0, 2, 0, 3), UTC);
        Map<String, List<String>> reasons = new java.util.LinkedHashMap<>();
        d.keep().forEach(k -> reasons.put(k.item().id(), k.reasons()));
        assertThat(reasons).containsExactly(
                Map.entry("a", List.of("last", "daily", "monthly")),
                Map.entry("d", List.of("daily")),
                Map.entry("g", List.of("monthly")),
                Map.entry("h", List.of("oldest monthly")));
    }

    @Test
    void inputOrderDoesNotMatter() {
        List<Item> shuffled = new ArrayList<>(HISTORY);
        Collections.shuffle(shuffled, new java.util.Random(42));
        Retention r = new Retention(1, 2, 3, 1, 2);
        assertThat(RetentionPolicy.apply(shuffled, r, UTC)).isEqualTo(RetentionPolicy.apply(HISTORY, r, UTC));
    }

    @Test
    void daysAreWallClockDaysOfTheZone() {
        List<Item> items = List.of(item("x", "2026-11-27T00:30:00Z"), item("y", "2026-11-26T23:30:00Z"), item("z", "2026-11-26T22:30:00Z"));
        Retention twoDays = new Retention(0, 0, 2, 0, 0);
        assertThat(ids(RetentionPolicy.apply(items, twoDays, UTC).keep())).containsExactly("x", "y");
        // Berlin is UTC+1: x and y are both on the 27th there, z is the 26th.
        assertThat(ids(RetentionPolicy.apply(items, twoDays, ZoneId.of("Europe/Berlin")).keep())).containsExactly("x", "z");
    }

    @Test
    void weeksAreIsoWeeksAcrossTheYearEnd() {
        // 2027-01-01 (Fri) still belongs to ISO week 53 of 2026, like 2026-12-31 and 12-30.
        List<Item> items = List.of(item("jan1", "2027-01-01T12:00:00Z"), item("dec31", "2026-12-31T12:00:00Z"),
                item("dec30", "2026-12-30T12:00:00Z"), item("dec20", "2026-12-20T12:00:00Z"));
        assertThat(ids(RetentionPolicy.apply(items, new Retention(0, 0, 0, 2, 0), UTC).keep())).containsExactly("jan1", "dec20");
    }

    @Test
    void emptyHistoryKeepsAndForgetsNothing() {
        Decision d = RetentionPolicy.apply(List.of(), Retention.keepLast(3), UTC);
        assertThat(d.keep()).isEmpty();
        assertThat(d.forget()).isEmpty();
    }

    private static Arguments row(String why, Retention retention, String kept) {
        return Arguments.of(why, retention, List.of(kept.split(" ")));
    }

    private static Item item(String id, String time) {
        return new Item(id, Instant.parse(time));
    }

    private static List<String> ids(List<Kept> kept) {
        return kept.stream().map(k -> k.item().id()).toList();
    }
}
