package io.hurdvm.guest.copy;

import io.hurdvm.guest.GuestSsh;
import io.hurdvm.guest.GuestSshException;
import io.hurdvm.guest.RemoteProcess;
import io.hurdvm.guest.ShellQuoting;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Copies through {@code tar} in an exec channel, for guests without an SFTP server (a Debian
 * GNU/Hurd image without openssh-sftp-server). Only POSIX sh and tar options that GNU tar and
 * busybox tar share are used. The archive is built and unpacked on the host (commons-compress),
 * so nothing is staged on either side.
 */
final class TarFiles implements RemoteFiles {
    /** tar pads its archive to 10 KiB records; more than this after the end is not tar's doing. */
    private static final long MAX_TRAILER = 1 << 20;
    private static final Duration AFTER_END = Duration.ofSeconds(60);

    private final GuestSsh ssh;
    private final String noSftpReason;

    /** @param noSftpReason why SFTP was not used, for the error when tar is missing too */
    TarFiles(GuestSsh ssh, String noSftpReason) {
        this.ssh = ssh;
        this.noSftpReason = noSftpReason;
    }

    /**
     * One command answers for all paths: per path a line "KIND DIR CANONICAL" (DIR is "dir" when
     * the path leads to a directory, else "-"; CANONICAL only for directories), then "tar" or "no-tar".
     */
    @Override
    public List<PathFacts> stat(List<String> paths) {
        String quoted = paths.stream().map(p -> ShellQuoting.quote(GuestPaths.forShell(p))).collect(Collectors.joining(" "));
        String script = "for p in " + quoted + "; do"
                + " if [ -L \"$p\" ]; then k=SYMLINK; elif [ -d \"$p\" ]; then k=DIRECTORY;"
                + " elif [ -f \"$p\" ]; then k=FILE; elif [ -e \"$p\" ]; then k=OTHER; else k=MISSING; fi;"
                + " if [ -d \"$p\" ]; then d=dir; else d=-; fi;"
                + " c=; if [ $k = DIRECTORY ]; then c=$(cd -P \"$p\" 2>/dev/null && pwd -P); fi;"
                + " printf '%s %s %s\\n' \"$k\" \"$d\" \"$c\"; done;"
                + " if command -v tar >/dev/null 2>&1; then echo tar; else echo no-tar; fi";
        StringBuilderStream out = new StringBuilderStream();
        StringBuilderStream err = new StringBuilderStream();
        int status;
        try {
            status = ssh.exec(script, out, err, Duration.ofMinutes(2));
        } catch (GuestSshException e) {
            throw CopyException.failed("cannot look at the guest's files: " + e.getMessage(), e);
        }
        List<String> lines = out.text().lines().toList();
        if (status != 0 || lines.size() != paths.size() + 1) {
            throw CopyException.refused("unexpected answer from the guest's shell while looking at its files (exit "
                    + status + "): " + CopyPlanner.printable(firstLine(err.text().isBlank() ? out.text() : err.text())));
        }
        if (!lines.get(paths.size()).equals("tar")) {
            throw CopyException.failed("guest has neither an SFTP server nor tar: " + noSftpReason
                    + "; install openssh-sftp-server or tar in the guest", null);
        }
        List<PathFacts> facts = new ArrayList<>();
        for (String line : lines.subList(0, paths.size())) {
            facts.add(parse(line));
        }
        return facts;
    }

    private static PathFacts parse(String line) {
        String[] f = line.split(" ", 3);
        try {
            PathKind kind = PathKind.valueOf(f[0]);
            String canonical = f.length == 3 && !f[2].isEmpty() ? f[2] : null;
            return new PathFacts(kind, f[1].equals("dir"), canonical);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw CopyException.refused("unexpected answer from the guest's shell while looking at its files: "
                    + CopyPlanner.printable(line));
        }
    }

    @Override
    public void upload(Path source, String parent, String name) {
        unpack(source, name, "cd " + ShellQuoting.quote(GuestPaths.forShell(parent)) + " && tar -x -o -f -");
    }

    /**
     * {@code parent/name} becomes a copy of {@code source}, whatever was there before: removing,
     * creating and unpacking in one command, so a job's sync costs the guest one shell, not four.
     * {@code rm} and {@code mkdir} run only when there is something to do (the shell's own test
     * decides): in a fresh clone neither is, and each process costs 30-100 ms under TCG.
     */
    void replace(Path source, String parent, String name) {
        String p = ShellQuoting.quote(GuestPaths.forShell(parent));
        String target = ShellQuoting.quote(GuestPaths.forShell(GuestPaths.join(parent, name)));
        unpack(source, name, replaceCommand(p, target));
    }

    static String replaceCommand(String quotedParent, String quotedTarget) {
        return "if [ -e " + quotedTarget + " ] || [ -L " + quotedTarget + " ]; then rm -rf " + quotedTarget + " || exit 1; fi; "
                + "[ -d " + quotedParent + " ] || mkdir -p " + quotedParent + " || exit 1; cd " + quotedParent + " && tar -x -o -f -";
    }

    private void unpack(Path source, String name, String command) {
        try (RemoteProcess tar = start(command)) {
            try (OutputStream stdin = tar.stdin()) {
                TarWriter.write(source, name, stdin);
            } catch (IOException e) {
                // Most likely tar in the guest gave up and closed the channel: its stderr says why.
                throw failure("copy to the guest failed", tar, e);
            }
            int status = tar.waitFor(Duration.ZERO);
            if (status != 0) {
                throw failure("tar in the guest failed (exit " + status + ")", tar, null);
            }
        } catch (IOException e) {
            throw CopyException.failed("copy to the guest failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void download(String parent, String name, SafeTreeWriter sink) {
        String command = "cd " + ShellQuoting.quote(GuestPaths.forShell(parent)) + " && tar -c -f - "
                + ShellQuoting.quote("./" + name);
        try (RemoteProcess tar = start(command)) {
            InputStream stdout = tar.stdout();
            try {
                TarReader.extract(stdout, name, sink);
                drainTrailer(stdout);
            } catch (IOException e) {
                throw failure("copy from the guest failed", tar, e);
            }
            int status = tar.waitFor(AFTER_END);
            if (status != 0) {
                throw failure("tar in the guest failed (exit " + status + ")", tar, null);
            }
        } catch (IOException e) {
            throw CopyException.failed("copy from the guest failed: " + e.getMessage(), e);
        }
    }

    /** Reads tar's padding so the guest's last writes complete and tar can exit. */
    private static void drainTrailer(InputStream stdout) throws IOException {
        byte[] buf = new byte[8192];
        long total = 0;
        for (int n; (n = stdout.read(buf)) >= 0; ) {
            total += n;
            if (total > MAX_TRAILER) {
                throw CopyException.refused("the guest's tar kept sending data after the end of the archive");
            }
        }
    }

    private RemoteProcess start(String command) {
        try {
            return ssh.start(command);
        } catch (GuestSshException e) {
            throw CopyException.failed(e.getMessage(), e);
        }
    }

    private static CopyException failure(String what, RemoteProcess tar, IOException e) {
        String stderr = tar.stderrFirstLine();
        String detail = !stderr.isEmpty() ? stderr : e != null ? String.valueOf(e.getMessage()) : "no message";
        return CopyException.failed(what + ": " + CopyPlanner.printable(detail), e);
    }

    private static String firstLine(String text) {
        return text.strip().lines().findFirst().orElse("no output");
    }

    @Override
    public void close() {
        // each transfer has its own channel, closed when it ends
    }

    /** Collects a short command output as text; past 64 KiB a flooding guest is ignored. */
    private static final class StringBuilderStream extends java.io.ByteArrayOutputStream {
        private static final int LIMIT = 64 * 1024;

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, Math.max(0, Math.min(len, LIMIT - count)));
        }

        @Override
        public synchronized void write(int b) {
            if (count < LIMIT) {
                super.write(b);
            }
        }

        String text() {
            return toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
