package io.hurdvm.lifecycle.drill;

import io.hurdvm.env.HostEnvironment;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.lifecycle.InstanceService;
import io.hurdvm.storage.schedule.DrillPlan;
import io.hurdvm.storage.schedule.ScheduleEntry;
import io.hurdvm.storage.schedule.ScheduleKind;
import io.hurdvm.storage.schedule.ScheduledAction;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ScheduleKind#DRILL} action, run by the instance's supervisor: the latest backup on the
 * plan's target restored into a throwaway instance, booted, checked and removed ({@link DrillRunner}).
 * The instance itself is never touched, so it keeps running meanwhile.
 */
public final class DrillScheduleAction implements ScheduledAction {
    private static final Logger LOG = LoggerFactory.getLogger(DrillScheduleAction.class);

    private final Path home;
    private final InstancePaths paths;
    private final HostEnvironment env;
    private final ZoneId zone;

    /**
     * @param env  the supervisor's environment (settings and S3 values the plan leaves open)
     * @param zone wall-clock zone of cron times
     */
    public DrillScheduleAction(Path home, InstancePaths paths, HostEnvironment env, ZoneId zone) {
        this.home = home;
        this.paths = paths;
        this.env = env;
        this.zone = zone;
    }

    @Override
    public String run(ScheduleEntry entry, Instant now) {
        DrillPlan plan = entry.drill();
        if (plan == null) {
            throw new IllegalStateException("schedule '" + entry.id() + "' has no drill plan: remove it and add it again with --from");
        }
        LiveDrillSteps steps = new LiveDrillSteps(new InstanceService(home, env), () -> plan.open(env.asMap()), paths.name(), plan::key,
                plan.checkCommand(), plan.bootTimeout(), plan.checkTimeout(), env.asMap(), line -> LOG.info("drill: {}", line));
        return new DrillRunner(home, paths.dir(), steps, Clock.systemUTC(), DrillRunner.LOCK_WAIT)
                .run(paths.name(), entry.freshnessGoal(now, zone).map(Duration::toSeconds)).message();
    }
}
