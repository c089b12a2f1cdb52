"""Sessions created and destroyed per second through the control API.

media-core on two net_null ports (no traffic: this measures the control path, i.e.
validation, allocation, the worker's ADD/DEL acknowledgement and the reply) and one
client on one persistent telemetry connection that creates N sessions, then destroys
them, timing both. One JSON object per line on stdout.

    sessions_bench.py [-n 10000] [--rounds 3] [--idle-sleep-us 0]
"""
import argparse
import json
import tempfile
import time

from sessions_client import Client, bench_config, percentile, start_media_core

QUARANTINE_S = 2.5   # media ports freed by a destroy are reusable after 2000 ms


def stats_line(op, rnd, n, seconds, lat, **extra):
    return json.dumps({
        'bench': 'sessions', 'op': op, 'round': rnd, 'n': n, 'seconds': round(seconds, 3),
        'per_second': round(n / seconds, 1), 'p50_ms': round(percentile(lat, 50) * 1e3, 3),
        'p99_ms': round(percentile(lat, 99) * 1e3, 3), 'max_ms': round(max(lat) * 1e3, 3),
        **extra})


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('-n', type=int, default=10000, help='sessions per round')
    ap.add_argument('--rounds', type=int, default=3)
    ap.add_argument('--idle-sleep-us', type=int, default=0,
                    help="media-core's [general] idle_sleep_us (0: busy-polling worker)")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix='mc-bench-sessions-')
    cfg = bench_config('net_null0,no-rx=1', 'net_null1,no-rx=1',
                       idle_sleep_us=args.idle_sleep_us)
    mc = start_media_core(cfg, work)
    best = {}
    try:
        cl = Client(mc)
        for rnd in range(args.rounds):
            if rnd:
                time.sleep(QUARANTINE_S)
            replies, secs, lat = cl.create_many(args.n, with_remote=True)
            print(stats_line('create', rnd, args.n, secs, lat,
                             idle_sleep_us=args.idle_sleep_us), flush=True)
            best['create'] = max(best.get('create', 0), args.n / secs)
            live = cl.call('/mc/stats')['sessions']
            assert live == args.n, f'{live} sessions live after creating {args.n}'
            secs, lat = cl.destroy_many([r['id'] for r in replies])
            print(stats_line('destroy', rnd, args.n, secs, lat,
                             idle_sleep_us=args.idle_sleep_us), flush=True)
            best['destroy'] = max(best.get('destroy', 0), args.n / secs)
            live = cl.call('/mc/stats')['sessions']
            assert live == 0, f'{live} sessions left after destroying all'
        cl.close()
    finally:
        rc, killed = mc.cleanup()
    assert rc == 0 and not killed, f'media-core exit {rc} (killed {killed})\n{mc.log_tail()}'
    print(json.dumps({'bench': 'sessions', 'summary': True, 'n': args.n,
                      'best_create_per_second': round(best['create'], 1),
                      'best_destroy_per_second': round(best['destroy'], 1),
                      'target_per_second': 2000,
                      'meets_target': min(best.values()) >= 2000}))


if __name__ == '__main__':
    main()
