"""A control-API client for the benchmarks: sessions created and destroyed over one
persistent telemetry connection (a process per request would measure process start-up,
not media-core), and the media-core instances the benchmarks run.

Shared by scripts/bench/sessions_bench.py and scripts/bench/relay_bench.py."""
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / 'dts'))

from mclab import Config, MediaCore, Telemetry  # noqa: E402

PCMU = [{'pt': 0, 'name': 'PCMU', 'rate': 8000}]
SIDES = (('a', 'port0', '10.96.0'), ('b', 'port1', '10.97.0'))


def remote(side_net, i):
    """Leg remotes spread over 200 hosts of the side's /24 and their even ports."""
    return f'{side_net}.{1 + i % 200}', 10000 + 2 * (i // 200)


def request(i, with_remote=True, rewrite=False):
    legs = []
    for name, port, net in SIDES:
        lg = {'name': name, 'interface': port, 'codecs': PCMU, 'latching': True}
        if with_remote:
            ip, p = remote(net, i)
            lg['remote'] = f'{ip}:{p}'
        if rewrite:
            lg['rewrite_ssrc'] = True
        legs.append(lg)
    # No media timeouts: a benchmark's idle sessions must not fill the event log.
    return {'id': f'bench-{i}', 'legs': legs, 'media_timeout_ms': 0}


def bench_config(dev0, dev1, mbufs=8192, idle_sleep_us=0, max_sessions=16384):
    return Config({
        'general': {'log_level': 'notice', 'idle_sleep_us': idle_sleep_us},
        'lcores': {'control': 0, 'workers': 1},
        'mempool': {'mbufs': mbufs, 'cache': 256},
        'media': {'port_min': 20000, 'port_max': 63999, 'max_sessions': max_sessions},
        'port0': {'dev': dev0, 'address': '10.96.0.254/24'},
        'port1': {'dev': dev1, 'address': '10.97.0.254/24'},
    })


def start_media_core(cfg, workdir, memory_mb=512):
    os.environ.setdefault('MC_BUILD_DIR', 'build')
    return MediaCore(cfg, workdir, memory_mb=memory_mb, log_level='notice').start(60)


class Client:
    """One telemetry connection; every call checks the reply."""

    def __init__(self, mc, timeout=10.0):
        self.tel = Telemetry(mc.socket_path, timeout).connect()

    def call(self, cmd, params=None):
        r = self.tel.request(cmd, params)
        if isinstance(r, dict) and 'error' in r:
            raise RuntimeError(f'{cmd} {str(params)[:200]}: {r["error"]}')
        return r

    def create_many(self, n, **kw):
        """Creates n sessions; returns (replies, seconds, per-request latencies)."""
        replies, lat = [], []
        t0 = time.perf_counter()
        for i in range(n):
            t = time.perf_counter()
            replies.append(self.call('/mc/session/create', request(i, **kw)))
            lat.append(time.perf_counter() - t)
        return replies, time.perf_counter() - t0, lat

    def destroy_many(self, ids):
        lat = []
        t0 = time.perf_counter()
        for sid in ids:
            t = time.perf_counter()
            self.call('/mc/session/destroy', {'id': sid})
            lat.append(time.perf_counter() - t)
        return time.perf_counter() - t0, lat

    def close(self):
        self.tel.close()


def percentile(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(p / 100 * len(s)))] if s else 0.0
