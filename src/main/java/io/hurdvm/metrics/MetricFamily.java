package io.hurdvm.metrics;

import java.util.List;
import java.util.stream.Stream;

/**
 * Every hurdvm metric the exporter can emit, with the exact Prometheus name, type, labels and help
 * text of {@code observability/metrics.txt}: the alert rules and the dashboard are written against
 * these names, so they are spelled out here rather than derived by a naming convention.
 *
 * <p>The network counters of metrics.txt's first draft are absent on purpose: QEMU 7.2 user networking
 * exposes no NIC byte counters (see observability/README.md).
 */
public enum MetricFamily {
    VM_UP("hurdvm_vm_up", Type.GAUGE,
            "1 while the QEMU process of the instance is alive (states starting, booting, running, stopping), else 0"),
    VM_STATE("hurdvm_vm_state", Type.GAUGE,
            "1 for the current lifecycle state, 0 for the others (state = created|starting|booting|running|stopping|stopped|restarting|failed)",
            "state"),
    VM_BOOT_DURATION("hurdvm_vm_boot_duration_seconds", Type.GAUGE, "duration of the last boot, QEMU start to readiness"),
    VM_RESTARTS("hurdvm_vm_restarts_total", Type.COUNTER, "restarts done by the restart policy after QEMU died"),
    VM_CRASH_LOOP("hurdvm_vm_crash_loop", Type.GAUGE, "1 when the restart policy gave up (crash loop), else 0"),
    VMI_VCPUS("hurdvm_vmi_vcpus", Type.GAUGE, "vCPUs the guest was started with (divisor for per-vCPU CPU usage)"),
    VMI_CPU_USAGE("hurdvm_vmi_cpu_usage_seconds_total", Type.COUNTER,
            "CPU time used by the QEMU process, all threads (user + system)"),
    VMI_MEMORY_RESIDENT("hurdvm_vmi_memory_resident_bytes", Type.GAUGE, "resident set size of the QEMU process"),
    VMI_MEMORY_DOMAIN("hurdvm_vmi_memory_domain_bytes", Type.GAUGE, "guest RAM size (--memory)"),
    VMI_STORAGE_READ_BYTES("hurdvm_vmi_storage_read_traffic_bytes_total", Type.COUNTER,
            "bytes read by the guest from a drive (QMP query-blockstats rd_bytes)", "drive"),
    VMI_STORAGE_WRITE_BYTES("hurdvm_vmi_storage_write_traffic_bytes_total", Type.COUNTER,
            "bytes written by the guest to a drive (wr_bytes)", "drive"),
    VMI_STORAGE_READ_OPS("hurdvm_vmi_storage_iops_read_total", Type.COUNTER,
            "read operations on a drive (rd_operations)", "drive"),
    VMI_STORAGE_WRITE_OPS("hurdvm_vmi_storage_iops_write_total", Type.COUNTER,
            "write operations on a drive (wr_operations)", "drive"),
    VM_OVERLAY_BYTES("hurdvm_vm_overlay_bytes", Type.GAUGE, "bytes the instance's qcow2 overlay occupies on the host"),
    VOLUME_FREE_BYTES("hurdvm_volume_free_bytes", Type.GAUGE,
            "free bytes on the filesystem holding the instance (statvfs f_bavail)", "path"),
    VM_SNAPSHOTS("hurdvm_vm_snapshots", Type.GAUGE, "internal snapshots in the overlay"),
    BACKUP_LAST_SUCCESS("hurdvm_backup_last_success_timestamp_seconds", Type.GAUGE,
            "Unix time the last backup finished successfully; 0 if none ever did"),
    BACKUP_LAST_DURATION("hurdvm_backup_last_duration_seconds", Type.GAUGE,
            "duration of the last backup, successful or not"),
    BACKUP_LAST_BYTES("hurdvm_backup_last_bytes", Type.GAUGE, "bytes written by the last successful backup"),
    BACKUP_FAILURES("hurdvm_backup_failures_total", Type.COUNTER, "failed backups"),
    BACKUP_MAX_AGE("hurdvm_backup_max_age_seconds", Type.GAUGE,
            "the age the backup schedule allows; exported only for instances with a schedule"),
    DRILL_LAST_RUN("hurdvm_backup_drill_last_run_timestamp_seconds", Type.GAUGE,
            "Unix time the last restore drill finished; exported once a drill has run"),
    DRILL_SUCCESS("hurdvm_backup_drill_success", Type.GAUGE,
            "1 if the last restore drill proved a restore (restored, booted until SSH answered, check passed), else 0"),
    DRILL_LAST_SUCCESS("hurdvm_backup_drill_last_success_timestamp_seconds", Type.GAUGE,
            "Unix time the last successful restore drill finished; 0 if none ever did"),
    DRILL_DURATION("hurdvm_backup_drill_duration_seconds", Type.GAUGE,
            "duration of the last restore drill, start to cleanup, successful or not"),
    DRILL_RECOVERY("hurdvm_backup_drill_recovery_seconds", Type.GAUGE,
            "recovery time measured by the last successful drill: restore plus boot until SSH answered"),
    DRILL_FAILURES("hurdvm_backup_drill_failures_total", Type.COUNTER, "failed restore drills"),
    DRILL_MAX_AGE("hurdvm_backup_drill_max_age_seconds", Type.GAUGE,
            "the age the drill schedule allows the last successful drill; exported only for instances with a drill schedule");

    public enum Type { GAUGE, COUNTER }

    /** Every series carries the instance it describes. */
    public static final String INSTANCE_LABEL = "instance_name";
    private static final String COUNTER_SUFFIX = "_total";

    private final String prometheusName;
    private final Type type;
    private final String help;
    private final List<String> labels;

    MetricFamily(String prometheusName, Type type, String help, String... extraLabels) {
        if (type == Type.COUNTER && !prometheusName.endsWith(COUNTER_SUFFIX)) {
            throw new IllegalArgumentException("counter " + prometheusName + " must end in " + COUNTER_SUFFIX);
        }
        this.prometheusName = prometheusName;
        this.type = type;
        this.help = help;
        this.labels = Stream.concat(Stream.of(INSTANCE_LABEL), Stream.of(extraLabels)).toList();
    }

    /** The name as it appears in the exposition (and in metrics.txt). */
    public String prometheusName() {
        return prometheusName;
    }

    /**
     * The name to register with Micrometer: the Prometheus registry appends {@code _total} to
     * counters itself, so a counter is registered without it.
     */
    String meterName() {
        return type == Type.COUNTER
                ? prometheusName.substring(0, prometheusName.length() - COUNTER_SUFFIX.length())
                : prometheusName;
    }

    public Type type() {
        return type;
    }

    public String help() {
        return help;
    }

    /** Label names in the order of metrics.txt, {@code instance_name} first. */
    public List<String> labels() {
        return labels;
    }
}
