"""The media-core process: start, wait for its control socket, stop, collect logs."""
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from . import telemetry
from .netns import unique_tag
from .paths import media_core_bin
from .wait import wait_until

# Instances of this process, newest last; conftest prints their log tails on failure.
INSTANCES = []


class MediaCoreError(AssertionError):
    pass


class MediaCore:
    """media-core with a unique --file-prefix, its output in workdir/{stdout,stderr}.log."""

    def __init__(self, config, workdir, sets=(), lcores='0-1', memory_mb=512,
                 log_level='notice', eal_extra=(), binary=None):
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.prefix = f'mcdts-{unique_tag()}'
        self.config_path = self.workdir / 'media-core.ini'
        if isinstance(config, (str, Path)):
            self.config_path = Path(config)
        else:
            config.write(self.config_path)
        self.binary = Path(binary) if binary else media_core_bin()
        self.argv = [str(self.binary), '-l', lcores, '--no-huge', '-m', str(memory_mb),
                     '--file-prefix', self.prefix, '--no-pci', f'--log-level={log_level}',
                     *eal_extra, '--', '--config', str(self.config_path)]
        for s in sets:
            self.argv += ['--set', s]
        self.stdout_path = self.workdir / 'stdout.log'
        self.stderr_path = self.workdir / 'stderr.log'
        self.proc = None
        self.returncode = None
        INSTANCES.append(self)

    @property
    def socket_path(self):
        return telemetry.socket_path(self.prefix)

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def start(self, ready_timeout=60):
        if not self.binary.is_file():
            raise MediaCoreError(f'media-core is not built at {self.binary} '
                                 '(build it, or set MC_BUILD_DIR)')
        with open(self.stdout_path, 'wb') as out, open(self.stderr_path, 'wb') as err:
            # Own session: a Ctrl-C meant for pytest must not reach media-core first;
            # the fixtures stop it themselves and check how it exits.
            self.proc = subprocess.Popen(self.argv, stdout=out, stderr=err,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
        if ready_timeout:
            self.wait_ready(ready_timeout)
        return self

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def wait_ready(self, timeout=60):
        """Waits until /mc/version answers; fails early (with the log) if it exits."""
        def ready():
            if not self.running():
                raise MediaCoreError(f'media-core exited with {self.proc.returncode} '
                                     f'before its control socket answered\n{self.log_tail()}')
            return self.telemetry('/mc/version', timeout=2.0)
        try:
            return wait_until(ready, timeout, interval=0.1, what='media-core control socket',
                              fatal=(MediaCoreError,))
        except MediaCoreError:
            raise
        except AssertionError as e:
            if not self.running():
                raise MediaCoreError(f'media-core exited with {self.proc.returncode}\n'
                                     f'{self.log_tail()}') from None
            raise MediaCoreError(f'{e}\n{self.log_tail()}') from None

    def telemetry(self, cmd, params=None, timeout=5.0):
        return telemetry.call(self.socket_path, cmd, params, timeout)

    def wait_exit(self, timeout):
        """Returns the exit code, or None if still running after timeout."""
        try:
            self.returncode = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None
        return self.returncode

    def send_signal(self, sig):
        if self.running():
            os.kill(self.proc.pid, sig)

    def stop(self, sig=signal.SIGTERM, timeout=20, kill_after=5):
        """Signals by PID, waits up to timeout, then SIGKILLs. Returns (exit code, killed)."""
        if self.proc is None:
            return None, False
        if self.proc.poll() is not None:
            self.returncode = self.proc.returncode
            return self.returncode, False
        self.send_signal(sig)
        rc = self.wait_exit(timeout)
        if rc is not None:
            return rc, False
        self.send_signal(signal.SIGKILL)
        self.returncode = self.wait_exit(kill_after)
        return self.returncode, True

    def cleanup(self):
        """Stops it if needed and removes its DPDK runtime directory."""
        res = self.stop()
        shutil.rmtree(f'{telemetry.RUNTIME_DIR}/{self.prefix}', ignore_errors=True)
        return res

    def stderr_text(self):
        return self.stderr_path.read_text(errors='replace') if self.stderr_path.exists() else ''

    def stdout_text(self):
        return self.stdout_path.read_text(errors='replace') if self.stdout_path.exists() else ''

    def log_tail(self, lines=40):
        parts = [f'--- media-core {self.prefix} (pid {self.pid}, rc {self.returncode}) '
                 f'argv: {" ".join(self.argv)}']
        for label, text in (('stdout', self.stdout_text()), ('stderr', self.stderr_text())):
            tail = text.splitlines()[-lines:]
            parts.append(f'--- {label} (last {len(tail)} lines, {self.workdir})')
            parts.extend(tail)
        return '\n'.join(parts)


def run_to_exit(config, workdir, timeout=30, **kw):
    """Runs media-core expecting it to exit by itself (e.g. a bad config).

    Returns (exit code, stderr text); a process still alive after timeout is killed and
    reported as a failure."""
    mc = MediaCore(config, workdir, **kw)
    mc.start(ready_timeout=0)
    start = time.monotonic()
    rc = mc.wait_exit(timeout)
    if rc is None:
        mc.cleanup()
        raise MediaCoreError(f'media-core still running {time.monotonic() - start:.0f}s '
                             f'after start with a bad config\n{mc.log_tail()}')
    mc.cleanup()
    return rc, mc.stderr_text(), mc
