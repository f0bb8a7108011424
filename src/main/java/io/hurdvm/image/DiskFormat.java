package io.hurdvm.image;

/** What {@link DiskImageProbe} found, and the {@code qemu-img -f} format to read it with. */
public enum DiskFormat {
    QCOW2("qcow2", "qcow2"),
    ISO9660("raw", "ISO 9660"),
    RAW_MBR("raw", "raw disk, MBR"),
    RAW_GPT("raw", "raw disk, GPT");

    private final String qemuFormat;
    private final String description;

    DiskFormat(String qemuFormat, String description) {
        this.qemuFormat = qemuFormat;
        this.description = description;
    }

    public String qemuFormat() {
        return qemuFormat;
    }

    public String description() {
        return description;
    }
}
