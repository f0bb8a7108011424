package io.hurdvm.metrics;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Free space where the instances live. Every instance is under HURDVM_HOME/instances, so they share
 * one filesystem; the series is per instance all the same so that an alert names the VMs at risk.
 * {@link FileStore#getUsableSpace()} is statvfs's f_bavail x f_frsize: what an unprivileged writer
 * (qemu, qemu-img) can still use, without the root-reserved blocks.
 */
final class VolumeSampler {
    private final String pathLabel;
    private final Path instancesDir;

    VolumeSampler(Path home, Path instancesDir) {
        this.pathLabel = home.toAbsolutePath().normalize().toString();
        this.instancesDir = instancesDir;
    }

    List<Sample> sample(String instance) {
        try {
            FileStore store = Files.getFileStore(instancesDir);
            return List.of(Sample.of(MetricFamily.VOLUME_FREE_BYTES, instance, pathLabel, store.getUsableSpace()));
        } catch (IOException e) {
            return List.of();
        }
    }
}
