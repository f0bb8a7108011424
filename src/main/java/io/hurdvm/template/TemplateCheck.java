package io.hurdvm.template;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.qemu.DeviceModel;
import io.hurdvm.qemu.QemuBuild;

/**
 * What must hold before a saved state is restored: the QEMU build and the device model that saved
 * it, and the disk layer its memory belongs to. Each refusal is one line naming the difference and
 * the fix.
 */
public final class TemplateCheck {
    private TemplateCheck() {
    }

    public static void requireSameQemu(TemplateManifest m, QemuBuild now) {
        if (!m.qemu().equals(now.text())) {
            throw refuse("template " + m.name() + " was saved by QEMU " + m.qemu() + " but this host runs QEMU " + now
                    + ": a machine state restores only into the QEMU build that saved it; install that build, or make the"
                    + " template again ('hurdvm template rm " + m.name() + "', then 'hurdvm template create " + m.name() + " --from NAME')");
        }
    }

    public static void requireSameDeviceModel(TemplateManifest m, DeviceModel now) {
        if (!m.deviceModelSha256().equals(now.sha256())) {
            String diff = m.deviceModel() == null ? "" : " (" + now.firstDifference(new DeviceModel(m.deviceModel(), m.deviceModelSha256())) + ")";
            throw refuse("template " + m.name() + " was saved from another device model than this hurdvm starts" + diff
                    + ": a machine state restores only into the same devices; make the template again ('hurdvm template rm "
                    + m.name() + "', then 'hurdvm template create " + m.name() + " --from NAME')");
        }
    }

    /**
     * The saved memory is only valid on exactly the disk it was saved with. The whole layer is
     * hashed, unless it was hashed before and its inode, size, mtime and ctime are unchanged since
     * ({@link LayerVerification}): a Hurd layer of gigabytes would cost every clone seconds.
     */
    public static void requireSameLayer(TemplateManifest m, TemplatePaths paths) {
        if (LayerVerification.stillVerified(paths, m.disk().sha256())) {
            return;
        }
        String now = ContentHash.sha256(paths.disk());
        if (!now.equals(m.disk().sha256())) {
            throw refuse("template " + m.name() + "'s disk layer " + paths.disk() + " changed since it was saved (sha256 "
                    + now.substring(0, 12) + "..., recorded " + m.disk().sha256().substring(0, 12)
                    + "...): its saved memory no longer matches; remove the template and create it again");
        }
        LayerVerification.record(paths, now);
    }

    private static TemplateException refuse(String message) {
        return new TemplateException(ErrorKind.BAD_INPUT, message);
    }
}
