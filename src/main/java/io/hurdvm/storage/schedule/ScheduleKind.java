package io.hurdvm.storage.schedule;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * What a schedule does when it fires; each kind has one {@link ScheduledAction}. A drill restores the
 * latest backup into a throwaway instance, boots and checks it, and removes it again.
 */
public enum ScheduleKind {
    @JsonProperty("snapshot") SNAPSHOT,
    @JsonProperty("backup") BACKUP,
    @JsonProperty("drill") DRILL;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
