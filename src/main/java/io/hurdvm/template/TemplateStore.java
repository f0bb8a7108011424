package io.hurdvm.template;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.instance.InstanceStore;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.proc.PrivateDirectory;
import io.hurdvm.vm.InstanceName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The template folders under {@code HURDVM_HOME/templates}. A template is built in a hidden folder
 * and renamed into place with its manifest written, and removed by a rename out of sight first: a
 * listing never shows a half-written or half-deleted template.
 */
public final class TemplateStore {
    private final Path dir;

    public TemplateStore(Path home) {
        this.dir = home.resolve("templates");
    }

    public Path dir() {
        return dir;
    }

    public TemplatePaths paths(TemplateName name) {
        return new TemplatePaths(dir.resolve(name.value()));
    }

    public Optional<TemplateManifest> find(TemplateName name) {
        Path manifest = paths(name).manifest();
        return Files.isRegularFile(manifest) ? Optional.of(JsonFiles.read(manifest, TemplateManifest.class)) : Optional.empty();
    }

    public TemplateManifest require(TemplateName name) {
        return find(name).orElseThrow(() -> new TemplateException(ErrorKind.NOT_FOUND,
                "no template named '" + name + "' (see 'hurdvm template list')"));
    }

    public List<TemplateManifest> list() {
        List<TemplateManifest> all = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return all;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (!n.startsWith(".") && Files.isRegularFile(p.resolve(TemplatePaths.MANIFEST))) {
                    all.add(JsonFiles.read(p.resolve(TemplatePaths.MANIFEST), TemplateManifest.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        all.sort(Comparator.comparing(TemplateManifest::name));
        return all;
    }

    /** A template being built: files go into {@link #paths()}; nothing is listed until {@link #commit}. */
    public final class Staging implements AutoCloseable {
        private final TemplateName name;
        private final TemplatePaths paths;
        private boolean committed;

        private Staging(TemplateName name, TemplatePaths paths) {
            this.name = name;
            this.paths = paths;
        }

        public TemplatePaths paths() {
            return paths;
        }

        /** Writes the manifest, makes the disk layer read-only and moves the folder into place. */
        public TemplatePaths commit(TemplateManifest manifest) {
            TemplatePaths target = TemplateStore.this.paths(name);
            try {
                Files.setPosixFilePermissions(paths.disk(), PosixFilePermissions.fromString("r--------"));
                Files.setPosixFilePermissions(paths.state(), PosixFilePermissions.fromString("r--------"));
                JsonFiles.writeAtomically(paths.manifest(), manifest);
                Files.move(paths.dir(), target.dir(), StandardCopyOption.ATOMIC_MOVE);
                committed = true;
                return target;
            } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                throw alreadyExists(name);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot store template " + name + " in " + dir + ": " + e.getMessage(), e);
            }
        }

        /** Removes what was staged unless it was committed. */
        @Override
        public void close() {
            if (!committed) {
                deleteRecursively(paths.dir());
            }
        }
    }

    /** Starts a new template; refused if one of that name exists. */
    public Staging begin(TemplateName name) {
        if (Files.exists(paths(name).dir())) {
            throw alreadyExists(name);
        }
        Path staging = dir.resolve("." + name.value() + ".creating-" + ProcessHandle.current().pid());
        try {
            PrivateDirectory.ensureOwned(dir);
            deleteRecursively(staging);
            Files.createDirectory(staging, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + staging + ": " + e.getMessage(), e);
        }
        return new Staging(name, new TemplatePaths(staging));
    }

    private static TemplateException alreadyExists(TemplateName name) {
        return new TemplateException(ErrorKind.CONFLICT, "template " + name
                + " already exists: pick another name, or 'hurdvm template rm " + name + "' first");
    }

    /** Instances whose disk is an overlay on this template's layer: it must stay while they exist. */
    public List<InstanceName> usedBy(TemplateName name, InstanceStore instances) {
        Path layer = paths(name).disk();
        List<InstanceName> users = new ArrayList<>();
        for (InstanceName n : instances.list()) {
            try {
                if (layer.equals(instances.loadSpec(n).baseImage())) {
                    users.add(n);
                }
            } catch (RuntimeException e) {
                // an unreadable spec is not a user we can name; rm of that instance is its own problem
            }
        }
        return users;
    }

    /** Templates saved from a clone of this template: their layers are backed by this one's. */
    public List<TemplateName> templatesOn(TemplateName name) {
        String layer = paths(name).disk().toString();
        return list().stream().filter(m -> layer.equals(m.disk().backingFile())).map(m -> TemplateName.of(m.name())).toList();
    }

    /** Deletes a template; the caller has checked that no instance uses it. */
    public void remove(TemplateName name) {
        Path target = paths(name).dir();
        Path hidden = dir.resolve("." + name.value() + ".removing-" + ProcessHandle.current().pid());
        try {
            Files.move(target, hidden, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new TemplateException(ErrorKind.NOT_FOUND, "no template named '" + name + "' (see 'hurdvm template list')");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove template " + name + ": " + e.getMessage(), e);
        }
        deleteRecursively(hidden);
    }

    private static void deleteRecursively(Path root) {
        InstanceStore.deleteRecursively(root);
    }
}
