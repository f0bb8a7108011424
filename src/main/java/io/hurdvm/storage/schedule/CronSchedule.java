package io.hurdvm.storage.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A classic 5-field unix cron expression (minute hour day-of-month month day-of-week), parsed and
 * evaluated by cron-utils, in a given time zone. Invalid expressions are rejected with the field
 * that is wrong.
 */
public final class CronSchedule {
    static final String[] FIELDS = {"minute", "hour", "day-of-month", "month", "day-of-week"};
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final String expression;
    private final ExecutionTime executionTime;

    private CronSchedule(String expression, Cron cron) {
        this.expression = expression;
        this.executionTime = ExecutionTime.forCron(cron);
    }

    public static CronSchedule parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw invalid(expression, "it is empty; use 5 fields: minute hour day-of-month month day-of-week, e.g. '0 * * * *'");
        }
        String[] parts = expression.trim().split("\\s+");
        if (parts.length != FIELDS.length) {
            throw invalid(expression, "it has " + parts.length + " fields, expected 5: minute hour day-of-month month"
                    + " day-of-week (no seconds, no @nicknames), e.g. '0 * * * *'");
        }
        for (int i = 0; i < parts.length; i++) {
            checkField(expression, i, parts[i]);
        }
        try {
            return new CronSchedule(expression.trim(), PARSER.parse(expression.trim()).validate());
        } catch (IllegalArgumentException e) {
            throw invalid(expression, cronUtilsReason(e));
        }
    }

    /** Each field alone in an otherwise all-'*' expression: a failure then belongs to that field. */
    private static void checkField(String expression, int index, String field) {
        String[] probe = {"*", "*", "*", "*", "*"};
        probe[index] = field;
        try {
            PARSER.parse(String.join(" ", probe)).validate();
        } catch (IllegalArgumentException e) {
            throw invalid(expression, FIELDS[index] + " field '" + field + "': " + cronUtilsReason(e));
        }
    }

    private static String cronUtilsReason(IllegalArgumentException e) {
        String m = e.getMessage() == null ? "not understood" : e.getMessage();
        return m.replace("Failed to parse cron expression. ", "").strip();
    }

    private static IllegalArgumentException invalid(String expression, String why) {
        return new IllegalArgumentException("invalid cron expression '" + expression + "': " + why);
    }

    public String expression() {
        return expression;
    }

    /** The first time this schedule fires strictly after {@code after}, in {@code zone}'s wall-clock time. */
    public Optional<Instant> nextAfter(Instant after, ZoneId zone) {
        return executionTime.nextExecution(after.atZone(zone)).map(z -> z.toInstant());
    }

    /**
     * The longest time between two consecutive firings among the next {@code firings} after
     * {@code from}; empty if it fires fewer than twice more. The longest, not the next, gap: a
     * weekday schedule's weekend gap must not count as late.
     */
    public Optional<Duration> longestGap(Instant from, ZoneId zone, int firings) {
        Optional<Instant> previous = nextAfter(from, zone);
        Duration longest = null;
        for (int i = 1; i < firings && previous.isPresent(); i++) {
            Optional<Instant> next = nextAfter(previous.get(), zone);
            if (next.isPresent()) {
                Duration gap = Duration.between(previous.get(), next.get());
                longest = longest == null || gap.compareTo(longest) > 0 ? gap : longest;
            }
            previous = next;
        }
        return Optional.ofNullable(longest);
    }

    @Override
    public String toString() {
        return expression;
    }
}
