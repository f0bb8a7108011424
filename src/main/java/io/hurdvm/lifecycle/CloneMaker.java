package io.hurdvm.lifecycle;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.config.ForwardParser;
import io.hurdvm.config.SettingKey;
import io.hurdvm.guest.KnownHostsFile;
import io.hurdvm.instance.InstanceLock;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.InstanceStore;
import io.hurdvm.limits.FitCheck;
import io.hurdvm.limits.FsRoot;
import io.hurdvm.qemu.DeviceModel;
import io.hurdvm.qemu.PortProbe;
import io.hurdvm.qemu.ProcessCommandRunner;
import io.hurdvm.qemu.QemuBuildCache;
import io.hurdvm.qemu.QemuCommandBuilder;
import io.hurdvm.qemu.QemuImg;
import io.hurdvm.qemu.QemuImgCli;
import io.hurdvm.secret.InstanceSecrets;
import io.hurdvm.secret.OwnerOnlyFiles;
import io.hurdvm.template.BlankOverlay;
import io.hurdvm.template.CloneOrigin;
import io.hurdvm.template.TemplateCheck;
import io.hurdvm.template.TemplateManifest;
import io.hurdvm.template.TemplateName;
import io.hurdvm.template.TemplatePaths;
import io.hurdvm.template.TemplateStore;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.PortForward;
import io.hurdvm.vm.VmSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Creates a clone: a new instance whose disk is a small qcow2 overlay on a template's read-only
 * layer, with the template's machine, its own SSH port, folder, key and root password, and a
 * {@link CloneOrigin} that makes its first start resume the template's saved state. Everything
 * that can refuse (QEMU build, device model, layer hash, limits, port) is checked before anything
 * is created.
 */
final class CloneMaker {
    /** Settings a clone may choose; everything else is the template's machine. */
    private static final Set<SettingKey> ALLOWED = Set.of(SettingKey.SSH_PORT, SettingKey.SSH_BIND, SettingKey.FORWARDS,
            SettingKey.WAIT, SettingKey.TIMEOUT, SettingKey.RESTART);
    private final InstanceStore store;
    private final TemplateStore templates;
    private final Map<String, String> env;
    private final QemuImg qemuImg;
    private final QemuBuildCache qemuBuild;

    CloneMaker(Path home, InstanceStore store, Map<String, String> env) {
        this.store = store;
        this.templates = new TemplateStore(home);
        this.env = env;
        this.qemuImg = new QemuImgCli();
        this.qemuBuild = new QemuBuildCache(home.resolve(QemuBuildCache.FILE_NAME), env.get("PATH"));
    }

    void create(InstanceName name, TemplateName template, Map<SettingKey, String> flags, Consumer<String> progress) {
        for (SettingKey k : flags.keySet()) {
            if (!ALLOWED.contains(k)) {
                throw new LifecycleException(ErrorKind.BAD_INPUT, "--" + k.key() + " cannot be combined with"
                        + " --template: a clone runs the template's machine (only ssh-port, ssh-bind, forward, restart, wait and timeout may be given)");
            }
        }
        if (store.exists(name)) {
            throw new LifecycleException(ErrorKind.CONFLICT, "instance " + name + " already exists: a clone"
                    + " needs a new name (or start it with 'hurdvm up " + name + "' without --template)");
        }
        TemplateManifest manifest = templates.require(template);
        TemplatePaths tpl = templates.paths(template);
        VmSpec spec = specOf(name, manifest, tpl, flags);
        TemplateCheck.requireSameQemu(manifest, qemuBuild.probe(new ProcessCommandRunner(), QemuCommandBuilder.DEFAULT_BINARY));
        TemplateCheck.requireSameDeviceModel(manifest, DeviceModel.of(QemuCommandBuilder.DEFAULT_BINARY, spec, spec.accel()));
        TemplateCheck.requireSameLayer(manifest, tpl);
        FitCheck.of(FsRoot.SYSTEM, env).evaluate(spec).requireFits();
        PortProbe.requireSshPortFree(spec.ssh().hostAddress(), spec.ssh().hostPort());
        spec.forwards().forEach(PortProbe::requireFree);
        // 'template rm' takes the same lock: a template cannot go while a clone of it is being made.
        try (InstanceLock held = InstanceLock.acquire(templates.dir(), InstanceName.of(template.value()), "clone",
                InstanceService.LOCK_WAIT)) {
            if (!Files.isRegularFile(tpl.manifest())) {
                throw new LifecycleException(ErrorKind.NOT_FOUND, "template " + template + " was removed meanwhile");
            }
            store.create(spec, (s, overlay) -> BlankOverlay.copyTo(tpl, qemuImg, overlay),
                    staged -> identity(staged, name, template, manifest, tpl));
        }
        progress.accept("created clone " + name + " of template " + template);
    }

    /** The template's machine under a new name, on the template's layer, with the clone's own SSH forward. */
    private static VmSpec specOf(InstanceName name, TemplateManifest m, TemplatePaths tpl, Map<SettingKey, String> flags) {
        VmSpec machine = m.spec().toSpec();
        String bind = Optional.ofNullable(flags.get(SettingKey.SSH_BIND)).orElse("127.0.0.1");
        int port = parsePort(flags.get(SettingKey.SSH_PORT));
        VmSpec.Builder b = VmSpec.builder(name, tpl.disk()).profile(machine.profile()).memoryMib(machine.memoryMib())
                .cpus(machine.cpus()).accel(machine.accel()).diskSizeBytes(0).ssh(new PortForward(bind, port, 22))
                .forwards(forwards(flags.get(SettingKey.FORWARDS))).vnc(machine.vnc()).unsafeCache(machine.unsafeCache()).restart(machine.restart());
        if (flags.containsKey(SettingKey.RESTART)) {
            b.restart(io.hurdvm.vm.RestartPolicy.parse(flags.get(SettingKey.RESTART)));
        }
        return b.build();
    }

    /** Host ports of the clone's own: like its SSH port, they are not part of the machine a state restores into. */
    private static List<PortForward> forwards(String text) {
        return text == null ? List.of() : ForwardParser.parseList(text);
    }

    private static int parsePort(String text) {
        if (text == null) {
            return 0;
        }
        try {
            int port = Integer.parseInt(text.strip());
            new PortForward("127.0.0.1", port, 22);
            return port;
        } catch (NumberFormatException e) {
            throw new LifecycleException(ErrorKind.BAD_INPUT, "invalid --ssh-port '" + text + "': use a number 1-65535");
        }
    }

    /**
     * The clone's own root password (the guest gets it at its first start), the template's host keys
     * pinned for the first contact, and the provisioning record (the guest is provisioned). The
     * clone's key is made by its supervisor while QEMU restores: loading the crypto provider costs a
     * cold JVM a second or more, which the restore hides.
     */
    private void identity(InstancePaths staged, InstanceName name, TemplateName template, TemplateManifest m, TemplatePaths tpl) {
        boolean generated = new InstanceSecrets(staged).establishRootPassword(Optional.empty(), env).origin()
                == io.hurdvm.secret.RootPasswordOrigin.GENERATED;
        new KnownHostsFile(staged.knownHosts()).replace(KnownHostsFile.aliasFor(name.value()), m.hostKeys());
        try {
            if (Files.isRegularFile(tpl.provisioningRecord())) {
                OwnerOnlyFiles.writeAtomically(staged.dir().resolve(tpl.provisioningRecord().getFileName()),
                        Files.readAllBytes(tpl.provisioningRecord()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the provisioning record of template " + template + ": " + e.getMessage(), e);
        }
        new CloneOrigin(template.value(), tpl.dir().toString(), Instant.now(), true, generated).writeTo(staged.dir());
    }
}
