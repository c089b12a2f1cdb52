"""One measured run of the relay benchmark: dpdk-testpmd io forwarding, or media-core
relaying live sessions. Both are bounded in time, stopped by PID and measured from port
counters over the same kind of interval after a warm-up."""
import os
import re
import shutil
import signal
import statistics
import subprocess
import threading
import time
from pathlib import Path

from sessions_client import Client, start_media_core

RUN_TIMEOUT = 300     # seconds any one run may take, start-up included


def _stop(proc, sig=signal.SIGINT, timeout=30):
    if proc.poll() is None:
        os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
    return proc.returncode


def testpmd(work, rnd, paths, mbufs, mem_mb, warmup, seconds):
    """io forwarding port0 <-> port1 on one core; Tx-pps of both ports per stats period."""
    prefix = f'mc-bench-tp-{os.getpid()}-{rnd}'
    argv = ['dpdk-testpmd', '-l', '0-1', '--no-huge', '-m', str(mem_mb), '--file-prefix',
            prefix, '--no-pci', '--log-level=notice',
            f'--vdev=net_pcap0,rx_pcap={paths["a"]},infinite_rx=1',
            f'--vdev=net_pcap1,rx_pcap={paths["b"]},infinite_rx=1', '--',
            '--forward-mode=io', '--nb-cores=1', f'--total-num-mbufs={mbufs}',
            '--stats-period=1']
    log = Path(work) / f'testpmd{rnd}.log'
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, text=True, start_new_session=True)
    periods, cur, want = [], {}, int(warmup) + int(seconds)
    done = threading.Event()

    def reader():
        port = None
        with open(log, 'w') as f:
            for line in proc.stdout:
                f.write(line)
                m = re.search(r'NIC statistics for port (\d+)', line)
                if m:
                    port = int(m.group(1))
                m = re.search(r'Tx-pps:\s+(\d+)', line)
                if m and port is not None:
                    cur[port] = int(m.group(1))
                    if len(cur) == 2:
                        periods.append(sum(cur.values()))
                        cur.clear()
                        if len(periods) >= want:
                            done.set()
        done.set()
    t = threading.Thread(target=reader, daemon=True)
    t.start()
    try:
        done.wait(RUN_TIMEOUT)
    finally:
        rc = _stop(proc)
        t.join(10)
        shutil.rmtree(f'/var/run/dpdk/{prefix}', ignore_errors=True)
    samples = periods[int(warmup):want]
    if len(samples) < int(seconds):
        raise RuntimeError(f'testpmd gave {len(periods)} stats periods (exit {rc}); see {log}:\n'
                           + log.read_text()[-2000:])
    return {'tx_pps': statistics.mean(samples), 'min_pps': min(samples),
            'max_pps': max(samples), 'samples': len(samples), 'exit': rc}


def _sample(cl):
    ports = cl.call('/mc/ports')['ports']
    st = cl.call('/mc/stats')
    worker = [lc for lc in st['lcores'] if lc['role'] == 'worker'][0]
    return {'t': time.monotonic(), 'tx': sum(p['tx_packets'] for p in ports),
            'rx': sum(p['rx_packets'] for p in ports), 'drops': dict(st['drops']),
            'relayed': worker.get('tx_packets', 0), 'busy': worker.get('busy')}


def media_core(work, rnd, cfg, mem_mb, n, locals_, rewrite, warmup, seconds):
    """media-core with n live sessions relaying the pcaps' flows; rates from /mc/ports."""
    mc = start_media_core(cfg, Path(work) / f'mc{rnd}', memory_mb=mem_mb)
    try:
        cl = Client(mc, timeout=30)
        replies, secs, _ = cl.create_many(n, with_remote=False, rewrite=rewrite)
        got = [{lg['name']: lg['local'] for lg in r['legs']} for r in replies]
        if got != locals_:
            raise RuntimeError('media-core allocated other ports than in the learning run: '
                               'the pcaps do not address these sessions')
        time.sleep(warmup)
        samples = [_sample(cl)]
        for _ in range(int(seconds)):
            time.sleep(1.0)
            samples.append(_sample(cl))
        first, last = samples[0], samples[-1]
        rates = [(b['tx'] - a['tx']) / (b['t'] - a['t']) for a, b in zip(samples, samples[1:])]
        dt = last['t'] - first['t']
        drops = {k: v - first['drops'].get(k, 0) for k, v in last['drops'].items()
                 if v - first['drops'].get(k, 0)}
        live = cl.call('/mc/stats')['sessions']
        cl.close()
    finally:
        rc, killed = mc.cleanup()
    if rc != 0 or killed:
        raise RuntimeError(f'media-core exit {rc} (killed {killed})\n{mc.log_tail()}')
    rx = (last['rx'] - first['rx']) / dt
    return {'tx_pps': (last['tx'] - first['tx']) / dt, 'rx_pps': rx,
            'min_pps': min(rates), 'max_pps': max(rates), 'samples': len(rates),
            'drops_in_window': drops, 'live_sessions': live,
            'creates_per_second_under_load': round(n / secs, 1),
            'worker_busy': last['busy']}
