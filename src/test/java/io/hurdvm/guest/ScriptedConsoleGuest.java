package io.hurdvm.guest;

import io.hurdvm.secret.Secret;
import io.hurdvm.secret.Sha512Crypt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted stand-in for a guest's serial console (getty, login, a root shell), for provisioning
 * tests that need failure modes a real guest cannot be made to show on demand. It understands the
 * framed commands {@link ConsoleShell} sends and answers them from a small model of the guest's
 * state. The real thing is exercised by ConsoleProvisionerIT.
 */
final class ScriptedConsoleGuest {
    private static final Pattern FRAMED = Pattern.compile("echo HVB\\$\\(\\((\\d+)\\+1\\)\\); (.*); echo \"HVE\\$\\(\\(\\d+\\+1\\)\\):\\$\\?\"");
    private static final Pattern PING = Pattern.compile("echo HVS\\$\\(\\((\\d+)\\+1\\)\\)");

    enum State { SILENT, LOGIN, PASSWORD, SHELL }

    /** A command's answer: exit status and output. */
    record Reply(int status, String output) {
    }

    volatile State state = State.LOGIN;
    volatile int entersToIgnore;
    /** Passwords the login "flushes" unread, as a slow login that discards typed-ahead input does. */
    volatile int passwordsToDrop;
    volatile String rootHash;
    volatile boolean provisioned;
    volatile String sshServer = "dropbear";
    volatile Function<String, Reply> extraCommands = c -> null;
    final List<String> commands = Collections.synchronizedList(new ArrayList<>());
    final StringBuilder authorizedKeys = new StringBuilder();
    final ByteArrayOutputStream everythingReceived = new ByteArrayOutputStream();

    private boolean echo = true;
    private final OutputStream console;

    ScriptedConsoleGuest(OutputStream console) {
        this.console = console;
    }

    /** Reads what the host types, line by line (Enter is CR), until the stream closes. */
    void serve(InputStream typed) {
        Thread.ofPlatform().daemon().name("scripted-guest").start(() -> {
            StringBuilder line = new StringBuilder();
            try {
                for (int b; (b = typed.read()) >= 0; ) {
                    synchronized (everythingReceived) {
                        everythingReceived.write(b);
                    }
                    if (b == '\r') {
                        onLine(line.toString());
                        line.setLength(0);
                    } else {
                        line.append((char) b);
                    }
                }
            } catch (IOException e) {
                // host went away
            }
        });
    }

    String received() {
        synchronized (everythingReceived) {
            return everythingReceived.toString(StandardCharsets.UTF_8);
        }
    }

    private void onLine(String line) throws IOException {
        switch (state) {
            case SILENT -> { }
            case LOGIN -> {
                if (line.isEmpty() && entersToIgnore > 0) {
                    entersToIgnore--;
                } else if (line.equals("root")) {
                    say("root\r\n");
                    if (rootHash != null) {
                        state = State.PASSWORD;
                        say("Password: ");
                    } else {
                        shell("Welcome to the scripted guest\r\n");
                    }
                } else {
                    say(line + "\r\n\r\nfake login: ");
                }
            }
            case PASSWORD -> {
                if (passwordsToDrop > 0 && !line.isEmpty()) {
                    passwordsToDrop--;
                    return;
                }
                if (Sha512Crypt.matches(Secret.of(line.isEmpty() ? " " : line), rootHash)) {
                    shell("\r\n");
                } else {
                    state = State.LOGIN;
                    say("\r\nLogin incorrect\r\nfake login: ");
                }
            }
            case SHELL -> runShellLine(line);
        }
    }

    private void shell(String banner) throws IOException {
        state = State.SHELL;
        say(banner + "root@fake:~# ");
    }

    private void runShellLine(String line) throws IOException {
        if (echo) {
            say(line + "\r\n");
        }
        Matcher ping = PING.matcher(line);
        Matcher framed = FRAMED.matcher(line);
        if (line.equals("exit")) {
            state = State.LOGIN;
            say("logout\r\n\r\nfake login: ");
        } else if (ping.matches()) {
            say("HVS" + (Long.parseLong(ping.group(1)) + 1) + "\r\nroot@fake:~# ");
        } else if (framed.matches()) {
            String marker = String.valueOf(Long.parseLong(framed.group(1)) + 1);
            commands.add(framed.group(2));
            Reply r = execute(framed.group(2));
            say("HVB" + marker + "\r\n" + r.output() + "HVE" + marker + ":" + r.status() + "\r\nroot@fake:~# ");
        } else {
            say("sh: syntax error\r\nroot@fake:~# ");
        }
    }

    private Reply execute(String command) {
        Reply extra = extraCommands.apply(command);
        if (extra != null) {
            return extra;
        }
        Matcher chpasswd = Pattern.compile("echo 'root:(\\$6\\$[^']+)' \\| chpasswd -e").matcher(command);
        Matcher key = Pattern.compile("mkdir -p /root/.ssh .* printf '%s\\\\n' '([^']+)' >> .*").matcher(command);
        if (command.equals("test -f " + ProvisioningCommands.MARKER_FILE)) {
            return new Reply(provisioned ? 0 : 1, "");
        } else if (command.equals("uname -s")) {
            return new Reply(0, "Linux\r\n");
        } else if (command.startsWith("if command -v sshd")) {
            return new Reply(0, sshServer + "\r\n");
        } else if (command.equals("stty -echo") || command.equals("stty echo")) {
            echo = command.equals("stty echo");
            return new Reply(0, "");
        } else if (chpasswd.matches()) {
            rootHash = chpasswd.group(1);
            return new Reply(0, "");
        } else if (key.matches()) {
            authorizedKeys.append(key.group(1)).append('\n');
            return new Reply(0, "");
        } else if (command.startsWith("mkdir -p /var/lib/hurdvm")) {
            provisioned = true;
            return new Reply(0, "");
        }
        return new Reply(127, "sh: " + command.split(" ")[0] + ": not found\r\n");
    }

    private void say(String text) throws IOException {
        synchronized (console) {
            console.write(text.getBytes(StandardCharsets.UTF_8));
            console.flush();
        }
    }
}
