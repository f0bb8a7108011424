package io.hurdvm.storage.schedule;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** What a schedule does when it fires; each kind has one {@link ScheduledAction}. */
public enum ScheduleKind {
    @JsonProperty("snapshot") SNAPSHOT,
    @JsonProperty("backup") BACKUP;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
