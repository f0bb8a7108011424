#!/usr/bin/env python3
"""Boots the cached test guests under QEMU/TCG and checks the behaviour tests rely on.

    guests/verify-guests.py [--runs N] [--only gnumach|linux|noacpi|hurdlike]

Every boot uses a fresh qcow2 overlay in a temp dir (the cached images stay untouched). Prints one
line per check plus boot timings (median over --runs fresh boots) and exits non-zero on failure.
Needs: python3, qemu-system-x86, qemu-utils, openssh-client, sshpass, whois (mkpasswd).
"""
import argparse, json, os, re, shutil, socket, statistics, subprocess, sys, tempfile, threading, time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE = os.environ.get('HURDVM_GUEST_CACHE', os.path.join(REPO, '.cache', 'guests'))
SHELL_PROMPT = r'root@hurdvm-test:~# $'
failures = []


def check(ok, what):
    print(('ok    ' if ok else 'FAIL  ') + what, flush=True)
    if not ok:
        failures.append(what)


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Guest:
    """One QEMU process with its serial console on a Unix socket and a QMP socket."""

    def __init__(self, workdir, qemu_args):
        self.serial_path = os.path.join(workdir, 'serial.sock')
        self.qmp_path = os.path.join(workdir, 'qmp.sock')
        self.log = open(os.path.join(workdir, 'serial.log'), 'ab')
        self.buf, self.mark, self.closed = b'', 0, False
        self.cond = threading.Condition()
        # wait=on: QEMU does not start the guest before we are connected, so no output is lost.
        self.proc = subprocess.Popen(
            ['qemu-system-x86_64', '-accel', 'tcg', '-m', '512', '-display', 'none', '-monitor', 'none',
             '-chardev', f'socket,id=ser0,path={self.serial_path},server=on,wait=on',
             '-serial', 'chardev:ser0', '-qmp', f'unix:{self.qmp_path},server=on,wait=off', *qemu_args],
            stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.started = time.monotonic()
        self.sock = self._connect(self.serial_path)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _connect(self, path, timeout=20):
        deadline = time.monotonic() + timeout
        while True:
            try:
                s = socket.socket(socket.AF_UNIX)
                s.connect(path)
                return s
            except OSError:
                s.close()
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError(f'QEMU did not open {path}')
                time.sleep(0.05)

    def _read(self):
        while True:
            try:
                data = self.sock.recv(4096)
            except OSError:
                data = b''
            with self.cond:
                if not data:
                    self.closed = True
                else:
                    self.buf += data
                    self.log.write(data)
                    self.log.flush()
                self.cond.notify_all()
            if not data:
                return

    def elapsed(self):
        return time.monotonic() - self.started

    def expect(self, pattern, timeout):
        """Waits for pattern (regex) in console output after the previous match; returns the text."""
        rx = re.compile(pattern.encode())
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                m = rx.search(self.buf, self.mark)
                if m:
                    text = self.buf[self.mark:m.end()]
                    self.mark = m.end()
                    return text.decode(errors='replace')
                left = deadline - time.monotonic()
                if left <= 0 or self.closed:
                    raise TimeoutError(f'{pattern!r} not seen within {timeout}s; last output: {self.buf[-300:]!r}')
                self.cond.wait(left)

    def send(self, text):
        self.sock.sendall(text.encode())

    def qmp(self, command):
        s = self._connect(self.qmp_path)
        with s, s.makefile('rwb') as f:
            f.readline()
            for cmd in ('qmp_capabilities', command):
                f.write(json.dumps({'execute': cmd}).encode() + b'\n')
                f.flush()
                while True:
                    reply = json.loads(f.readline())
                    if 'return' in reply or 'error' in reply:
                        break
            return reply

    def wait_exit(self, timeout):
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        self.reader.join(10)  # it writes the log until it sees the socket close
        self.log.close()


def overlay(base, workdir):
    path = os.path.join(workdir, 'overlay.qcow2')
    subprocess.run(['qemu-img', 'create', '-q', '-f', 'qcow2', '-b', base, '-F', 'qcow2', path], check=True)
    return path


def linux_guest(image, workdir, port):
    return Guest(workdir, ['-machine', 'q35',
                           '-drive', f'file={overlay(image, workdir)},if=none,id=d0,format=qcow2',
                           '-device', 'ahci,id=ahci', '-device', 'ide-hd,drive=d0,bus=ahci.0',
                           '-netdev', f'user,id=n0,hostfwd=tcp:127.0.0.1:{port}-:22',
                           '-device', 'e1000,netdev=n0'])


def ssh_banner(port, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(('127.0.0.1', port), timeout=5) as s:
                s.settimeout(10)
                data = s.recv(256)
                if data.startswith(b'SSH-'):
                    return data.split(b'\r\n')[0].decode()
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f'no SSH banner on port {port} within {timeout}s')


SSH_OPTS = ['-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR',
            '-o', 'ConnectTimeout=30']


def ssh_password(port, password, command):
    # sshpass -e: the password travels in the environment, not in argv.
    env = dict(os.environ, SSHPASS=password)
    return subprocess.run(['sshpass', '-e', 'ssh', *SSH_OPTS, '-o', 'PubkeyAuthentication=no',
                           '-p', str(port), 'root@127.0.0.1', command],
                          capture_output=True, text=True, timeout=90, env=env)


def ssh_key(port, key, command):
    return subprocess.run(['ssh', *SSH_OPTS, '-o', 'BatchMode=yes', '-o', 'PasswordAuthentication=no',
                           '-i', key, '-p', str(port), 'root@127.0.0.1', command],
                          capture_output=True, text=True, timeout=90)


def host_keys(port):
    # -T 30: the default 5 s is too short for a guest on a loaded TCG host, and a late key is
    # silently missing from the output.
    out = subprocess.run(['ssh-keyscan', '-T', '30', '-t', 'ed25519,ecdsa', '-p', str(port), '127.0.0.1'],
                         capture_output=True, text=True, timeout=120).stdout
    return sorted(line for line in out.splitlines() if not line.startswith('#'))


def shell(guest, command, timeout=60):
    guest.send(command + '\n')
    return guest.expect(SHELL_PROMPT, timeout)


def verify_gnumach(runs):
    iso = os.path.join(CACHE, 'gnumach.iso')
    banners, panics = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix='hv', dir='/tmp') as wd:
            g = Guest(wd, ['-cdrom', iso])
            try:
                banner = g.expect(r'GNU Mach \d[^\r\n]*', 120).strip().splitlines()[-1].strip()
                banners.append(g.elapsed())
                g.expect(r'panic[^\r\n]*No bootstrap code', 60)
                panics.append(g.elapsed())
            finally:
                g.stop()
    check(True, f'gnumach.iso: banner {banner!r}, panics with "No bootstrap code"')
    print(f'      gnumach: banner after {statistics.median(banners):.1f}s, panic after '
          f'{statistics.median(panics):.1f}s (median of {runs})')


def scenario(image, key, wd, port):
    """Console login, password tools, SSH rules, persistence across reboot, typed poweroff."""
    g = linux_guest(image, wd, port)
    try:
        g.expect(r'hurdvm-test login: $', 300)
        ssh_banner(port, 120)
        keys_before = host_keys(port)
        check(any(' ssh-ed25519 ' in k for k in keys_before), f'ed25519 host key offered ({len(keys_before)} keys)')
        check(ssh_password(port, '', 'true').returncode != 0, 'SSH with the empty root password is refused')

        g.send('root\n')
        g.expect(SHELL_PROMPT, 60)
        check(True, 'console login as root with empty password gives "root@hurdvm-test:~# "')
        out = shell(g, "echo 'root:secret' | chpasswd; echo rc=$?; grep ^root: /etc/shadow | cut -c1-8")
        check('rc=0' in out and 'root:$6$' in out, 'chpasswd (plain) stores a sha-512 hash')
        check(ssh_password(port, 'secret', 'true').returncode == 0, 'SSH password login after chpasswd')

        pub = open(key + '.pub').read().strip()
        r = ssh_password(port, 'secret', f"mkdir -p .ssh && echo '{pub}' >> .ssh/authorized_keys")
        check(r.returncode == 0 and ssh_key(port, key, 'true').returncode == 0, 'SSH key login after installing key')

        g.send('passwd\n')
        g.expect(r'New password: $', 30)
        g.send('other-pw\n')
        g.expect(r'Retype new password: $', 30)
        g.send('other-pw\n')
        out = g.expect(SHELL_PROMPT, 60)
        check('passwd: password updated successfully' in out and 'other-pw' not in out,
              'interactive passwd with Debian prompts, input not echoed')
        check(ssh_password(port, 'other-pw', 'true').returncode == 0, 'SSH password login after passwd')

        hashed = subprocess.run(['mkpasswd', '-m', 'sha-512', '--stdin'], input='secret\n', capture_output=True,
                                text=True, check=True).stdout.strip()
        out = shell(g, f"echo 'root:{hashed}' | chpasswd -e; echo rc=$?")
        check('rc=0' in out and ssh_password(port, 'secret', 'true').returncode == 0,
              'chpasswd -e (sha-512 hash) then SSH password login')

        out = shell(g, "cat /sys/class/block/sda3/size; dd if=/dev/zero of=/dev/sda3 bs=1M seek=95 count=1 "
                       "2>/dev/null && echo dd-ok")
        check('196608' in out and 'dd-ok' in out, '/dev/sda3 is 96 MiB of writable scratch space')

        g.send('exit\n')
        g.expect(r'hurdvm-test login: $', 60)
        g.send('root\n')
        g.expect(r'Password: $', 30)
        g.send('secret\n')
        g.expect(SHELL_PROMPT, 60)
        check(True, 'console login now asks "Password: " and accepts the new password')

        t = g.elapsed()
        g.send('reboot\n')
        g.expect(r'hurdvm-test: rebooting', 60)
        g.expect(r'hurdvm-test login: $', 300)
        t_login = g.elapsed() - t
        ssh_banner(port, 120)
        print(f'      reboot: login prompt after {t_login:.1f}s, SSH after {g.elapsed() - t:.1f}s')
        check(ssh_password(port, 'secret', 'true').returncode == 0, 'password survives reboot')
        check(ssh_key(port, key, 'true').returncode == 0, 'authorized key survives reboot')
        keys_after = host_keys(port)
        check(keys_after == keys_before, f'host keys unchanged across reboot (before {keys_before}, after {keys_after})'
              if keys_after != keys_before else 'host keys unchanged across reboot')

        g.send('root\n')
        g.expect(r'Password: $', 30)
        g.send('secret\n')
        g.expect(SHELL_PROMPT, 60)
        t = g.elapsed()
        g.send('poweroff\n')
        code = g.wait_exit(120)
        g.expect(r'hurdvm-test: powering off', 1)
        check(code == 0, f'typed poweroff prints "hurdvm-test: powering off", QEMU exits ({g.elapsed() - t:.1f}s)')
    finally:
        g.stop()


def verify_linux(runs):
    image = os.path.join(CACHE, 'linux-guest.qcow2')
    logins, sshs, downs = [], [], []
    for run in range(runs):
        with tempfile.TemporaryDirectory(prefix='hv', dir='/tmp') as wd:
            port = free_port()
            if run == 0:
                key = os.path.join(wd, 'id_ed25519')
                subprocess.run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', key], check=True)
                scenario_dir = os.path.join(wd, 'scenario')
                os.mkdir(scenario_dir)
                scenario(image, key, scenario_dir, port)
            g = linux_guest(image, wd, port)
            try:
                g.expect(r'hurdvm-test login: $', 300)
                logins.append(g.elapsed())
                ssh_banner(port, 120)
                sshs.append(g.elapsed())
                t = g.elapsed()
                g.qmp('system_powerdown')
                code = g.wait_exit(60)
                downs.append(g.elapsed() - t)
                g.expect(r'hurdvm-test: powering off', 1)
                check(code == 0, f'system_powerdown: "hurdvm-test: powering off", QEMU exits ({downs[-1]:.1f}s)')
            finally:
                g.stop()
    print(f'      linux guest, fresh overlay (first boot): login prompt {statistics.median(logins):.1f}s, '
          f'SSH banner {statistics.median(sshs):.1f}s, system_powerdown to exit {statistics.median(downs):.1f}s '
          f'(median of {runs}; all: {[round(x, 1) for x in logins]})')


def verify_noacpi():
    image = os.path.join(CACHE, 'linux-guest-noacpi.qcow2')
    with tempfile.TemporaryDirectory(prefix='hv', dir='/tmp') as wd:
        g = linux_guest(image, wd, free_port())
        try:
            g.expect(r'hurdvm-test login: $', 300)
            g.qmp('system_powerdown')
            check(g.wait_exit(30) is None, 'noacpi guest ignores system_powerdown (still running after 30s)')
            g.send('root\n')
            g.expect(SHELL_PROMPT, 60)
            g.send('poweroff\n')
            code = g.wait_exit(120)
            g.expect(r'hurdvm-test: powering off', 1)
            check(code == 0, 'noacpi guest: typed poweroff still powers off')
        finally:
            g.stop()


def verify_hurdlike():
    image = os.path.join(CACHE, 'linux-guest-hurdlike.qcow2')
    with tempfile.TemporaryDirectory(prefix='hv', dir='/tmp') as wd:
        port = free_port()
        g = linux_guest(image, wd, port)
        try:
            g.expect(r'hurdvm-test: no SFTP server \(hurdvm.sftp=off\)', 300)
            g.expect(r'hurdvm-test login: $', 300)
            check(True, 'hurdlike guest prints "hurdvm-test: no SFTP server (hurdvm.sftp=off)" before the prompt')
            g.send('root\n')
            g.expect(SHELL_PROMPT, 60)
            shell(g, "echo 'root:secret' | chpasswd")
            ssh_banner(port, 120)
            env = dict(os.environ, SSHPASS='secret')
            r = subprocess.run(['sshpass', '-e', 'sftp', *SSH_OPTS, '-o', 'PubkeyAuthentication=no', '-P', str(port),
                                'root@127.0.0.1'], input='ls\n', capture_output=True, text=True, timeout=90, env=env)
            check(r.returncode != 0, f'hurdlike guest: sftp fails (exit {r.returncode}: {r.stderr.strip()!r})')
            r = ssh_password(port, 'secret', 'for a in tar nc httpd sha256sum syncfs; do command -v $a || echo no-$a; done; '
                                             'mkdir -p /tmp/www && echo served >/tmp/www/x && httpd -p 8080 -h /tmp/www '
                                             '&& wget -qO- http://127.0.0.1:8080/x')
            check(r.returncode == 0 and 'no-' not in r.stdout and 'served' in r.stdout,
                  f'hurdlike guest has tar, nc, httpd, sha256sum, syncfs; httpd serves ({r.stdout!r} {r.stderr!r})')
            # nc -l: wait (bounded) until it listens, then connect to it.
            r = ssh_password(port, 'secret', 'nc -l -p 9000 >/tmp/got & i=0; '
                                             'until netstat -ltn | grep -q ":9000 "; do i=$((i+1)); [ $i -gt 100 ] && exit 9; usleep 50000; done; '
                                             'echo over-nc | nc 127.0.0.1 9000; wait; cat /tmp/got')
            check(r.returncode == 0 and 'over-nc' in r.stdout, f'hurdlike guest: nc -l -p PORT receives ({r.stdout!r} {r.stderr!r})')
            g.qmp('system_powerdown')
            check(g.wait_exit(10) is None, 'hurdlike guest ignores system_powerdown (still running after 10s)')
            t = g.elapsed()
            ssh_password(port, 'secret', 'syncfs; poweroff')
            code = g.wait_exit(120)
            g.expect(r'hurdvm-test: powering off', 1)
            check(code == 0, f'hurdlike guest: poweroff over SSH powers off ({g.elapsed() - t:.1f}s)')
        finally:
            g.stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--only', choices=['gnumach', 'linux', 'noacpi', 'hurdlike'])
    args = ap.parse_args()
    for tool in ('qemu-system-x86_64', 'qemu-img', 'ssh', 'sftp', 'ssh-keyscan', 'ssh-keygen', 'sshpass', 'mkpasswd'):
        if not shutil.which(tool):
            sys.exit(f'verify-guests: {tool} not found; install it (see guests/README.md)')
    print(f'load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs')
    sections = {'gnumach': lambda: verify_gnumach(args.runs), 'linux': lambda: verify_linux(args.runs),
                'noacpi': verify_noacpi, 'hurdlike': verify_hurdlike}
    for name, run in sections.items():
        if args.only in (None, name):
            try:
                run()
            except Exception as e:  # one broken section must not hide the results of the others
                check(False, f'{name}: {e}')
    print(f'load average at end: {os.getloadavg()[0]:.1f}')
    if failures:
        sys.exit(f'{len(failures)} check(s) failed')


if __name__ == '__main__':
    main()
