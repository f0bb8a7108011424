package io.hurdvm.limits;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The machine's memory and CPUs as the kernel reports them, before any cgroup limit.
 *
 * @param memTotalBytes     {@code MemTotal} from {@code /proc/meminfo}
 * @param memAvailableBytes {@code MemAvailable}: what can be allocated now without swapping
 * @param onlineCpus        CPUs listed in {@code /sys/devices/system/cpu/online}
 */
public record HostResources(long memTotalBytes, long memAvailableBytes, int onlineCpus) {

    public HostResources {
        if (memTotalBytes <= 0 || memAvailableBytes < 0 || onlineCpus < 1) {
            throw new IllegalArgumentException("implausible host resources: MemTotal " + memTotalBytes
                    + " B, MemAvailable " + memAvailableBytes + " B, " + onlineCpus + " CPUs");
        }
    }

    public static HostResources read(FsRoot fs) {
        Path meminfo = fs.resolve("/proc/meminfo");
        String text = read(meminfo);
        long total = meminfoKib(text, "MemTotal", meminfo) * 1024;
        long available = meminfoKib(text, "MemAvailable", meminfo) * 1024;
        Path online = fs.resolve("/sys/devices/system/cpu/online");
        int cpus = Files.isRegularFile(online)
                ? countCpuList(read(online).trim(), online)
                // Without sysfs the JVM's count is the best we have; it may already reflect affinity.
                : Runtime.getRuntime().availableProcessors();
        return new HostResources(total, available, cpus);
    }

    /** meminfo lines look like {@code MemTotal:       24683656 kB}. */
    private static long meminfoKib(String text, String key, Path origin) {
        for (String line : text.split("\n")) {
            if (line.startsWith(key + ":")) {
                String[] parts = line.substring(key.length() + 1).trim().split("\\s+");
                return CgroupAncestry.parseLong(parts[0], origin + " " + key, "a size in kB");
            }
        }
        throw new LimitsUnreadableException(origin + " has no " + key + " line (kernel older than 3.14?)");
    }

    /** The kernel's cpu list format: {@code 0-3,6,8-9}. */
    static int countCpuList(String list, Path origin) {
        int count = 0;
        for (String range : list.split(",")) {
            String[] ends = range.split("-");
            long first = CgroupAncestry.parseLong(ends[0], origin.toString(), "a CPU list like 0-3,6");
            long last = ends.length == 2 ? CgroupAncestry.parseLong(ends[1], origin.toString(), "a CPU list like 0-3,6") : first;
            if (ends.length > 2 || last < first) {
                throw new LimitsUnreadableException("cannot parse " + origin + ": '" + list + "' is not a CPU list like 0-3,6");
            }
            count += (int) (last - first + 1);
        }
        return count;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new LimitsUnreadableException("cannot read " + file + ": it does not exist (is /proc mounted?)");
        } catch (IOException e) {
            throw new LimitsUnreadableException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
