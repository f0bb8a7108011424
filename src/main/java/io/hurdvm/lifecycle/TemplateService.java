package io.hurdvm.lifecycle;

import io.hurdvm.errors.ErrorKind;
import com.fasterxml.jackson.databind.JsonNode;
import io.hurdvm.control.ControlClient;
import io.hurdvm.control.ControlOp;
import io.hurdvm.guest.KnownHostsFile;
import io.hurdvm.instance.InstanceLock;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.InstanceState;
import io.hurdvm.instance.InstanceStore;
import io.hurdvm.instance.StoredSpec;
import io.hurdvm.instance.SupervisorLiveness;
import io.hurdvm.secret.OwnerOnlyFiles;
import io.hurdvm.secret.SshKeyPair;
import io.hurdvm.template.StateCompression;
import io.hurdvm.template.TemplateManifest;
import io.hurdvm.template.TemplateName;
import io.hurdvm.template.TemplatePaths;
import io.hurdvm.template.TemplateStore;
import io.hurdvm.vm.Accel;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.VmSpec;
import io.hurdvm.vm.VmState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Templates for every front end: made from a running instance (its supervisor saves the machine),
 * listed, inspected, removed. A template is written in a hidden folder and appears whole or not at
 * all; it cannot be removed while a clone uses its disk layer.
 */
public final class TemplateService {
    /** Saving streams the guest's RAM through zstd and copies its overlay: minutes for a big guest at most. */
    private static final Duration SAVE_TIMEOUT = Duration.ofMinutes(15);
    private final InstanceStore instances;
    private final TemplateStore templates;

    public TemplateService(Path home, InstanceStore instances) {
        this.instances = instances;
        this.templates = new TemplateStore(home);
    }

    /** A template as shown to people: the manifest, where it lives, and the instances cloned from it. */
    public record TemplateView(TemplateManifest manifest, String dir, List<String> clones) {
    }

    public TemplateView create(TemplateName name, InstanceName from, StateCompression compression, Consumer<String> progress) {
        if (templates.find(name).isPresent()) {
            throw new LifecycleException(ErrorKind.CONFLICT, "template " + name
                    + " already exists: pick another name, or 'hurdvm template rm " + name + "' first");
        }
        if (!instances.exists(from)) {
            throw new LifecycleException(ErrorKind.NOT_FOUND, "no instance named '" + from + "' (see 'hurdvm list')");
        }
        InstancePaths source = instances.paths(from);
        requireReady(from, source);
        // The instance may not be stopped, started or removed while its machine is saved.
        try (InstanceLock lock = InstanceLock.acquire(instances.instancesDir(), from, "template create", InstanceService.LOCK_WAIT);
             TemplateStore.Staging staging = templates.begin(name)) {
            TemplatePaths tpl = staging.paths();
            copySecrets(source, tpl);
            var request = ControlClient.request(ControlOp.SAVE_STATE).put("dir", tpl.dir().toString())
                    .put("compression", compression.wireName());
            JsonNode saved = new ControlClient(source.controlSocket()).call(request, SAVE_TIMEOUT, progress);
            VmSpec spec = instances.loadSpec(from);
            VmSpec machine = spec.toBuilder().accel(Accel.parse(saved.path("accel").asText())).build();
            TemplateManifest manifest = new TemplateManifest(TemplateManifest.FORMAT, name.value(), Instant.now(), from.value(),
                    saved.path("qemu").asText(), saved.path("deviceModel").asText(), saved.path("deviceModelSha256").asText(),
                    StoredSpec.from(machine),
                    new TemplateManifest.Layer(saved.path("diskBytes").asLong(), saved.path("diskSha256").asText(), spec.baseImage().toString()),
                    new TemplateManifest.State(saved.path("compression").asText(), saved.path("bytes").asLong(),
                            saved.path("rawBytes").asLong(), saved.path("pausedMillis").asLong()),
                    new KnownHostsFile(source.knownHosts()).keysFor(KnownHostsFile.aliasFor(from.value())));
            TemplatePaths stored = staging.commit(manifest);
            return new TemplateView(manifest, stored.dir().toString(), List.of());
        }
    }

    private static void requireReady(InstanceName from, InstancePaths source) {
        InstanceState s = io.hurdvm.instance.JsonFiles.read(source.stateFile(), InstanceState.class);
        if (SupervisorLiveness.liveSupervisor(source).isEmpty() || s.state() != VmState.RUNNING) {
            throw new LifecycleException(ErrorKind.CONFLICT, "instance " + from + " is not running: a template"
                    + " is made from a running, ready instance; start it with 'hurdvm up " + from + "'");
        }
        if (!s.sshReady()) {
            throw new LifecycleException(ErrorKind.CONFLICT, "instance " + from + " is not ready (SSH does not"
                    + " work yet): wait with 'hurdvm up " + from + " --wait ssh', then make the template");
        }
    }

    /** The source's key and root password: a clone reaches its guest with them first, then gets its own. */
    private static void copySecrets(InstancePaths source, TemplatePaths tpl) {
        OwnerOnlyFiles.ensureDirectory(tpl.secretsDir());
        try {
            for (String file : List.of(SshKeyPair.PRIVATE_KEY_NAME, SshKeyPair.PRIVATE_KEY_NAME + ".pub")) {
                OwnerOnlyFiles.writeAtomically(tpl.secretsDir().resolve(file), Files.readAllBytes(source.secretsDir().resolve(file)));
            }
            Path record = source.dir().resolve(tpl.provisioningRecord().getFileName());
            if (Files.isRegularFile(record)) {
                OwnerOnlyFiles.writeAtomically(tpl.provisioningRecord(), Files.readAllBytes(record));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the key of " + source.name() + " into the template: " + e.getMessage(), e);
        }
    }

    public List<TemplateView> list() {
        List<TemplateView> all = new ArrayList<>();
        for (TemplateManifest m : templates.list()) {
            all.add(view(m));
        }
        return all;
    }

    public TemplateView inspect(TemplateName name) {
        return view(templates.require(name));
    }

    private TemplateView view(TemplateManifest m) {
        TemplateName name = TemplateName.of(m.name());
        return new TemplateView(m, templates.paths(name).dir().toString(),
                templates.usedBy(name, instances).stream().map(InstanceName::value).toList());
    }

    /** Refused while instances are overlays on the template's layer; names them. */
    public void remove(TemplateName name) {
        templates.require(name);
        try (InstanceLock held = InstanceLock.acquire(templates.dir(), InstanceName.of(name.value()), "template rm",
                InstanceService.LOCK_WAIT)) {
            List<InstanceName> users = templates.usedBy(name, instances);
            if (!users.isEmpty()) {
                String names = String.join(", ", users.stream().map(InstanceName::value).toList());
                throw new LifecycleException(ErrorKind.CONFLICT, "template " + name + " is used by "
                        + (users.size() == 1 ? "instance " : "instances ") + names + ": remove "
                        + (users.size() == 1 ? "it" : "them") + " first ('hurdvm down NAME', then 'hurdvm rm NAME')");
            }
            List<TemplateName> built = templates.templatesOn(name);
            if (!built.isEmpty()) {
                throw new LifecycleException(ErrorKind.CONFLICT, "template " + name + " is the base of template"
                        + (built.size() == 1 ? " " : "s ") + String.join(", ", built.stream().map(TemplateName::value).toList())
                        + " (saved from a clone of it): remove " + (built.size() == 1 ? "that" : "those") + " first");
            }
            templates.remove(name);
        }
    }
}
