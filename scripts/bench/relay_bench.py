"""Relay packets per second on one worker core, side by side with dpdk-testpmd io
forwarding over the same vdevs, in the same run.

Both sides of each call are net_pcap ports replaying, with infinite_rx=1, a pcap of the
calls' RTP (port0: every leg a's remote sending to its leg; port1: every leg b's); what
either forwards is dropped by net_pcap (no tx_pcap: its tx counts and frees, like
net_null). media-core classifies each packet to its leg, checks/latches the source,
keeps RFC 3550 statistics and rewrites Ethernet/IP/UDP (and SSRC/seq/ts with --rewrite)
in place; testpmd io only moves mbufs from port to port.

Steps: (1) media-core on placeholder pcaps: create the sessions through the control API
and learn their ports and the ports' MACs; (2) write the pcaps from the replies; (3) per
round, testpmd then media-core (which creates the same sessions again and must get the
same ports), each measured over a fixed interval after a warm-up, from port counters.
One JSON object per line on stdout.

    relay_bench.py [-n 10000] [--per-flow 2] [--seconds 5] [--rounds 2] [--rewrite]
"""
import argparse
import json
import os
import shutil
import statistics
import tempfile
from pathlib import Path

import relay_pcap
import relay_run
from sessions_client import Client, bench_config, remote, start_media_core

SIDE = {'a': ('10.96.0', 'port0', '02:00:00:00:0a:'), 'b': ('10.97.0', 'port1', '02:00:00:00:0b:')}


def learn(work, n, rewrite):
    """Phase 1: the sessions' local ports and the ports' MACs, from a media-core whose
    ports replay a placeholder frame once."""
    junk = Path(work) / 'placeholder.pcap'
    relay_pcap.write_flows(junk, 'ff:ff:ff:ff:ff:ff',
                           [('02:00:00:00:00:01', '10.1.1.1', 9, '10.1.1.2', 9, 1)], 1)
    mc = start_media_core(bench_config(f'net_pcap0,rx_pcap={junk}', f'net_pcap1,rx_pcap={junk}',
                                       idle_sleep_us=100), Path(work) / 'learn')
    try:
        cl = Client(mc)
        macs = {p['name']: p['mac'].lower() for p in cl.call('/mc/ports')['ports']}
        replies, secs, _ = cl.create_many(n, with_remote=False, rewrite=rewrite)
        cl.close()
    finally:
        mc.cleanup()
    locals_ = [{lg['name']: lg['local'] for lg in r['legs']} for r in replies]
    return macs, locals_, n / secs


def write_pcaps(work, macs, locals_, per_flow):
    paths = {}
    for leg, (net, port, mac_prefix) in SIDE.items():
        flows = []
        for i, loc in enumerate(locals_):
            ip, sport = remote(net, i)
            dip, dport = loc[leg].rsplit(':', 1)
            smac = f'{mac_prefix}{1 + i % 200:02x}'
            ssrc = (0x10000000 if leg == 'a' else 0x20000000) + i
            flows.append((smac, ip, sport, dip, int(dport), ssrc))
        paths[leg] = Path(work) / f'flows-{leg}.pcap'
        relay_pcap.write_flows(paths[leg], macs[port], flows, per_flow)
    return paths


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('-n', type=int, default=10000, help='live sessions')
    ap.add_argument('--per-flow', type=int, default=2, help='packets per flow in the pcap')
    ap.add_argument('--seconds', type=float, default=5.0, help='measured interval')
    ap.add_argument('--warmup', type=float, default=2.0)
    ap.add_argument('--rounds', type=int, default=2)
    ap.add_argument('--rewrite', action='store_true', help='legs ask for SSRC/seq/ts rewrite')
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix='mc-bench-relay-')
    try:
        macs, locals_, cps = learn(work, args.n, args.rewrite)
        paths = write_pcaps(work, macs, locals_, args.per_flow)
        frames = 2 * args.n * args.per_flow
        # infinite_rx holds every frame of both pcaps in mbufs, plus room to work.
        mbufs = frames + 16384
        mem_mb = 256 + mbufs * 2560 // (1 << 20)
        print(json.dumps({'bench': 'relay', 'setup': True, 'sessions': args.n,
                          'frames_in_pcaps': frames, 'mbufs': mbufs,
                          'phase1_creates_per_second': round(cps, 1)}), flush=True)
        runs = {'tp': [], 'mc': []}
        for rnd in range(args.rounds):
            tp = relay_run.testpmd(work, rnd, paths, mbufs, mem_mb, args.warmup, args.seconds)
            print(json.dumps({'bench': 'relay', 'impl': 'testpmd-io', 'round': rnd, **tp}),
                  flush=True)
            cfg = bench_config(f'net_pcap0,rx_pcap={paths["a"]},infinite_rx=1',
                               f'net_pcap1,rx_pcap={paths["b"]},infinite_rx=1',
                               mbufs=mbufs, idle_sleep_us=0)
            mc = relay_run.media_core(work, rnd, cfg, mem_mb, args.n, locals_, args.rewrite,
                                      args.warmup, args.seconds)
            print(json.dumps({'bench': 'relay', 'impl': 'media-core', 'round': rnd,
                              'sessions': args.n, 'rewrite_ssrc': args.rewrite, **mc}),
                  flush=True)
            runs['tp'].append(tp['tx_pps'])
            runs['mc'].append(mc['tx_pps'])
        # The machine is shared: the best round of each is the least disturbed one; the
        # ratio of medians is printed too.
        best = {k: max(v) for k, v in runs.items()}
        med = {k: statistics.median(v) for k, v in runs.items()}
        ratio = best['mc'] / best['tp']
        print(json.dumps({'bench': 'relay', 'summary': True, 'sessions': args.n,
                          'rewrite_ssrc': args.rewrite, 'rounds': args.rounds,
                          'testpmd_io_pps': round(best['tp']), 'media_core_pps': round(best['mc']),
                          'ratio': round(ratio, 3),
                          'ratio_of_medians': round(med['mc'] / med['tp'], 3),
                          'target_ratio': 0.5, 'meets_target': ratio >= 0.5}))
    finally:
        if not os.environ.get('MC_BENCH_KEEP'):
            shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    main()
