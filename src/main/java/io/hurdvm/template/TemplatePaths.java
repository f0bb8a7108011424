package io.hurdvm.template;

import java.nio.file.Path;

/** The files of one template folder ({@code HURDVM_HOME/templates/NAME}). */
public record TemplatePaths(Path dir) {
    public static final String MANIFEST = "template.json";

    /** What the template is: versions, device model, hashes, the machine's settings. Written last. */
    public Path manifest() { return dir.resolve(MANIFEST); }
    /** The read-only disk layer (qcow2, backed by the source's base image) every clone's overlay sits on. */
    public Path disk() { return dir.resolve("disk.qcow2"); }
    /** The saved machine state (QEMU's migration stream), compressed as the manifest says. */
    public Path state() { return dir.resolve("state.bin"); }
    /** The source instance's key and root password (0600): a clone's first SSH contact uses them. */
    public Path secretsDir() { return dir.resolve("secrets"); }
    /** The source's provisioning record: a clone is provisioned already. */
    public Path provisioningRecord() { return dir.resolve("provisioned.json"); }
}
