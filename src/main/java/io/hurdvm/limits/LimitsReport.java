package io.hurdvm.limits;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Objects;

/**
 * What {@link FitCheck} found for one guest: every limit it compared against, with its source, and the
 * verdict. Serialises with a plain Jackson {@code ObjectMapper} for {@code status --json}.
 *
 * @param guestMemoryMib       guest RAM asked for
 * @param overheadMib          QEMU + hurdvm overhead on top of it
 * @param overheadModel        how the overhead was computed, e.g. "256 MiB + 3% of guest RAM"
 * @param requiredMib          guest RAM + overhead
 * @param memoryLimits         every memory limit that applies (cgroup, host, override), any order
 * @param effectiveMemoryLimit the smallest of them
 * @param hostMemAvailableMib  memory the host can hand out right now
 * @param vcpus                vCPUs asked for
 * @param cpuLimits            every CPU limit that applies (cgroup quota, host CPUs)
 * @param memoryHierarchy      where the memory controller was looked up
 * @param cpuHierarchy         where the cpu controller was looked up
 * @param fits                 false when the guest must not be started
 * @param refusal              why not, as one line for the user; null when it fits
 * @param warnings             problems that do not stop the start (CPU oversubscription, low free memory)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LimitsReport(
        int guestMemoryMib,
        long overheadMib,
        String overheadModel,
        long requiredMib,
        List<MemoryLimit> memoryLimits,
        MemoryLimit effectiveMemoryLimit,
        long hostMemAvailableMib,
        int vcpus,
        List<CpuLimit> cpuLimits,
        String memoryHierarchy,
        String cpuHierarchy,
        boolean fits,
        String refusal,
        List<String> warnings) {

    public LimitsReport {
        Objects.requireNonNull(overheadModel, "overheadModel");
        Objects.requireNonNull(effectiveMemoryLimit, "effectiveMemoryLimit");
        Objects.requireNonNull(memoryHierarchy, "memoryHierarchy");
        Objects.requireNonNull(cpuHierarchy, "cpuHierarchy");
        memoryLimits = List.copyOf(memoryLimits);
        cpuLimits = List.copyOf(cpuLimits);
        warnings = List.copyOf(warnings);
        if (fits != (refusal == null)) {
            throw new IllegalArgumentException("a report that " + (fits ? "fits has a refusal" : "does not fit needs a refusal"));
        }
    }

    /** Throws with the one-line refusal when the guest does not fit; returns this report otherwise. */
    public LimitsReport requireFits() {
        if (!fits) {
            throw new InsufficientResourcesException(refusal);
        }
        return this;
    }
}
