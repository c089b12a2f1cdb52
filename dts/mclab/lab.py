"""The standard lab: media-core on two net_tap ports, each tap moved into its own
namespace, which plays the endpoint side of that port.

    ns A  10.96.0.1/24 --tap-- port0 10.96.0.254  media-core  port1 10.97.0.254 --tap-- ns B 10.97.0.1/24
"""
from dataclasses import dataclass, field
from pathlib import Path

from .config import lab_config
from .mediacore import MediaCore
from .netns import Netns, unique_tag

# net_tap gives its kernel interface the DPDK port's own MAC; the namespace side gets
# one of its own so that "which MAC answered" means something.
NS_MACS = {'a': '02:6e:73:00:00:0a', 'b': '02:6e:73:00:00:0b'}


@dataclass
class Side:
    label: str          # 'a' or 'b'
    port: str           # media-core port name
    ifname: str         # the tap, as seen in the namespace
    ip: str             # the namespace's address
    mc_ip: str          # media-core's address on this port
    prefix_len: int
    ns: Netns = field(default=None)
    mac: str = ''       # the namespace interface's MAC
    mc_mac: str = ''    # media-core's port MAC (from /mc/ports)


class Lab:
    def __init__(self, workdir, config_hook=None, **mc_kw):
        self.workdir = Path(workdir)
        tag = unique_tag().replace('-', '')
        # Interface names are at most 15 characters.
        self.sides = {
            'a': Side('a', 'port0', f'mt{tag}a'[-15:], '10.96.0.1', '10.96.0.254', 24),
            'b': Side('b', 'port1', f'mt{tag}b'[-15:], '10.97.0.1', '10.97.0.254', 24),
        }
        self.config = lab_config(self.sides['a'].ifname, self.sides['b'].ifname)
        if config_hook:
            config_hook(self.config)
        self.mc_kw = mc_kw
        self.mc = None

    @property
    def a(self):
        return self.sides['a']

    @property
    def b(self):
        return self.sides['b']

    def start(self, ready_timeout=60):
        for s in self.sides.values():
            s.ns = Netns(s.label).create()
        self.mc = MediaCore(self.config, self.workdir, **self.mc_kw)
        self.mc.start(ready_timeout)
        # Only now: media-core creates the taps in the root namespace and moving one
        # before its port has started races with the port start.
        for s in self.sides.values():
            s.ns.move_in(s.ifname)
            s.ns.configure(s.ifname, f'{s.ip}/{s.prefix_len}', mac=NS_MACS[s.label])
            s.mac = s.ns.mac(s.ifname)
        ports = self.ports()
        for s in self.sides.values():
            s.mc_mac = ports[s.port]['mac'].lower()
        return self

    def ports(self):
        return {p['name']: p for p in self.mc.telemetry('/mc/ports')['ports']}

    def neighbors(self):
        return self.mc.telemetry('/mc/neighbors')['neighbors']

    def stats(self):
        return self.mc.telemetry('/mc/stats')

    def close(self):
        """Stops media-core (if still running) and removes the namespaces. Returns
        media-core's (exit code, killed) from the stop."""
        res = (None, False)
        try:
            if self.mc is not None:
                res = self.mc.cleanup()
        finally:
            for s in self.sides.values():
                if s.ns is not None:
                    s.ns.delete()
        return res

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.close()
            raise

    def __exit__(self, *exc):
        self.close()
