#!/usr/bin/python3
"""Transcoding latency end to end in the two-namespace lab (benchmark, not a test): a
PCMU stream paced at 20 ms from namespace A into leg a, media-core transcoding it to
Opus for leg b, tcpdump on both taps (one kernel clock). Each output packet is matched
to the input frame it carries (one packet per 20 ms frame both sides, no loss: the n-th
out is the n-th in) and its latency is its capture time minus that input's. The jitter
buffer is on (the control API has no switch for it; transcode_bench measures the
Runs twice in the same lab, one call each: leg a's jitter buffer on (default) and off
("jitter_buffer": false, decode on arrival). Latency is then buffer + processing + the
tap path both ways; with the buffer off, processing and the tap path. One JSON object per
mode.
  sudo scripts/bench/transcode_latency.py [seconds (20)]   (MC_BUILD_DIR as for dts)"""
import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / 'dts'))

from mclab import Lab, media, rtpcap, sweep_stale, tc_send  # noqa: E402
from mclab.call import Call, leg  # noqa: E402
from mclab.capture import Capture  # noqa: E402
from mclab.tc_media import CODECS  # noqa: E402


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p / 100))]


def measure(lab, w, seconds, jb, pa, pb):
    call = Call(lab.mc, f'lat-{jb}', [
        leg('a', lab.a, pa, codecs=[CODECS['PCMU'].api()], latching=False,
            jitter_buffer=jb),
        leg('b', lab.b, pb, codecs=[CODECS['opus'].api()], latching=False)]).create()
    call.wait_resolved()
    raw = media.write_pcm(w / 'in.raw', media.tone(seconds, [1000], amp=10000))
    law = media.mulaw_reference(raw, w / 'in.ul')
    pls = [law[i:i + 160] for i in range(0, len(law), 160)]
    ep_a = f'{lab.a.ip}:{pa}'
    timed = tc_send.audio_stream(lab.a, ep_a, call.local('a'), pls, 0, 160)
    caps = {k: Capture(s.ns, s.ifname, w / f'{k}{jb}.pcap', ['udp']).start()
            for k, s in (('a', lab.a), ('b', lab.b))}
    try:
        res = tc_send.send_timed(lab.a, timed, w / f'send{jb}.pcap')
    finally:
        pk = {k: c.stop() for k, c in caps.items()}
    st = {lg['name']: lg['stats'] for lg in call.info()['legs']}
    call.destroy()
    sent = rtpcap.rtp_packets(pk['a'], src=ep_a, dst=call.local('a'))
    out = rtpcap.rtp_packets(pk['b'], src=call.local('b'), dst=f'{lab.b.ip}:{pb}')
    n = min(len(sent), len(out))
    lat = [(out[i].time - sent[i].time) * 1000 for i in range(n)]
    print(json.dumps({
        'bench': 'transcode_latency', 'pair': 'PCMU->opus', 'jitter_buffer': jb,
        'seconds': seconds, 'in': len(sent), 'out': len(out),
        'concealed': st['a']['concealed'], 'jb_peak_ms': st['a']['transcode']['jitter_buffer']['peak_ms'],
        'latency_p50_ms': round(statistics.median(lat), 3),
        'latency_p99_ms': round(pct(lat, 99), 3), 'latency_max_ms': round(max(lat), 3),
        'latency_min_ms': round(min(lat), 3),
        'sender_worst_late_ms': round(res['worst_late_ms'], 3)}), flush=True)


def main():
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    sweep_stale()
    with tempfile.TemporaryDirectory(prefix='tclat-') as d, Lab(Path(d) / 'lab') as lab:
        measure(lab, Path(d), seconds, True, 44000, 44002)
        measure(lab, Path(d), seconds, False, 44010, 44012)


if __name__ == '__main__':
    main()
