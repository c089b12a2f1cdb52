"""Network namespaces for lab endpoints.

Names are mcdts-<owner pid>-<n>-<label>: the owner pid lets sweep_stale() remove what a
crashed run left behind without touching the namespaces of a run still in progress
(several engineers share this machine).
"""
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
from pathlib import Path

from .cmd import run
from .wait import wait_until

PREFIX = 'mcdts-'
_NAME_RE = re.compile(r'^mcdts-(\d+)-')
_counter = itertools.count()


def unique_tag():
    """A short string unique within this machine for the life of this process."""
    return f'{os.getpid()}-{next(_counter)}'


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _owned_by_dead(name, only_pid=None):
    m = _NAME_RE.match(name)
    if not m:
        return False
    pid = int(m.group(1))
    return pid == only_pid if only_pid is not None else not _pid_alive(pid)


def _kill_ns_pids(name):
    p = run(['ip', 'netns', 'pids', name], timeout=10, check=False)
    for tok in p.stdout.split():
        try:
            os.kill(int(tok), signal.SIGKILL)
        except (ValueError, ProcessLookupError):
            pass


def sweep_stale(only_pid=None):
    """Deletes mcdts-* namespaces and DPDK runtime dirs whose owner process is dead
    (or, with only_pid, those of that owner). Returns the names removed."""
    removed = []
    netns_dir = Path('/run/netns')
    names = sorted(p.name for p in netns_dir.iterdir()) if netns_dir.is_dir() else []
    for name in names:
        if _owned_by_dead(name, only_pid):
            _kill_ns_pids(name)
            run(['ip', 'netns', 'del', name], timeout=10, check=False)
            removed.append(name)
    rt = Path('/var/run/dpdk')
    for d in (sorted(rt.iterdir()) if rt.is_dir() else []):
        if _owned_by_dead(d.name, only_pid):
            shutil.rmtree(d, ignore_errors=True)
            removed.append(str(d))
    return removed


def root_has_link(ifname):
    return run(['ip', 'link', 'show', 'dev', ifname], timeout=10, check=False).returncode == 0


class Netns:
    """One namespace; create() it, delete() it (idempotent, also kills what runs in it)."""

    def __init__(self, label='ns'):
        self.name = f'{PREFIX}{unique_tag()}-{label}'
        self.created = False

    def create(self):
        run(['ip', 'netns', 'add', self.name], timeout=10)
        self.created = True
        # Before any interface arrives, so none of them ever starts IPv6 (router
        # solicitations and MLD reports would land in media-core's drop counters).
        for key in ('all', 'default'):
            self.run(['sysctl', '-qw', f'net.ipv6.conf.{key}.disable_ipv6=1'])
        self.run(['ip', 'link', 'set', 'lo', 'up'])
        return self

    def delete(self):
        if self.created:
            _kill_ns_pids(self.name)
            run(['ip', 'netns', 'del', self.name], timeout=10, check=False)
            self.created = False

    def argv(self, argv):
        return ['ip', 'netns', 'exec', self.name, *map(str, argv)]

    def run(self, argv, timeout=30, check=True, input=None):
        return run(self.argv(argv), timeout=timeout, check=check, input=input)

    def popen(self, argv, **kw):
        return subprocess.Popen(self.argv(argv), **kw)

    def move_in(self, ifname, timeout=20):
        """Moves a root-namespace interface in, once it exists (bounded wait)."""
        wait_until(lambda: root_has_link(ifname), timeout, what=f'interface {ifname}')
        run(['ip', 'link', 'set', 'dev', ifname, 'netns', self.name], timeout=10)

    def configure(self, ifname, cidr, mac=None):
        self.run(['sysctl', '-qw', f'net.ipv6.conf.{ifname}.disable_ipv6=1'])
        if mac:
            self.run(['ip', 'link', 'set', 'dev', ifname, 'address', mac])
        self.run(['ip', 'addr', 'add', cidr, 'dev', ifname])
        self.run(['ip', 'link', 'set', 'dev', ifname, 'up'])

    def has_link(self, ifname):
        return self.run(['ip', 'link', 'show', 'dev', ifname], check=False).returncode == 0

    def link(self, ifname):
        return json.loads(self.run(['ip', '-j', 'link', 'show', 'dev', ifname]).stdout)[0]

    def mac(self, ifname):
        return self.link(ifname)['address'].lower()

    def neigh(self, ifname):
        out = self.run(['ip', '-j', 'neigh', 'show', 'dev', ifname]).stdout
        return json.loads(out) if out.strip() else []

    def ping(self, ip, count=3, interval=0.2, wait_s=5, check=False):
        timeout = count * (interval + wait_s) + 10
        return self.run(['ping', '-n', '-c', count, '-i', interval, '-W', wait_s, ip],
                        timeout=timeout, check=check)

    def __enter__(self):
        return self.create()

    def __exit__(self, *exc):
        self.delete()
