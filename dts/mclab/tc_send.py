"""Crafted RTP streams sent on a schedule from a lab side (tc_pace.py): G.729 from
bcg729 (ffmpeg cannot encode it), RFC 4733 events, and many calls at once for the
benchmark. Frames are (time_s, bytes); the pcap carries the schedule."""
import json
import struct
import subprocess
import sys
from pathlib import Path

from .rtpsend import frame, rtp

_PACE = Path(__file__).with_name('tc_pace.py')


def write_timed_pcap(path, timed):
    from scapy.packet import Raw
    from scapy.utils import wrpcap
    pkts = []
    for t, f in sorted(timed, key=lambda x: x[0]):
        p = Raw(bytes(f))
        p.time = t
        pkts.append(p)
    wrpcap(str(path), pkts, linktype=1)
    return Path(path)


def send_timed(side, timed, pcap_path, timeout=600):
    """Sends the frames out of the side's tap at their times; asserts all were sent."""
    write_timed_pcap(pcap_path, timed)
    p = side.ns.run([sys.executable, _PACE, side.ifname, pcap_path], timeout=timeout)
    res = json.loads(p.stdout.strip().splitlines()[-1])
    assert res['sent'] == len(timed) and not res['errors'], res
    return res


class TimedSender:
    """tc_pace.py in the background, with the interface of mclab.media.Ffmpeg."""

    def __init__(self, side, pcap_path):
        self.proc = side.ns.popen([sys.executable, str(_PACE), side.ifname, str(pcap_path)],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.output = ''

    def running(self):
        return self.proc.poll() is None

    def wait(self, timeout):
        try:
            self.output += self.proc.communicate(timeout=timeout)[0] or ''
        except subprocess.TimeoutExpired:
            return None
        return self.proc.returncode

    def stop(self, timeout=5):
        if self.running():
            self.proc.kill()
            self.wait(timeout)
        return self.proc.returncode

    def log_text(self):
        return self.output


def start_timed(side, timed, pcap_path):
    """send_timed in the background."""
    write_timed_pcap(pcap_path, timed)
    return TimedSender(side, pcap_path)


def audio_stream(side, src, dst, payloads, pt, ts_step, ptime_ms=20, t0=0.0, seq0=100,
                 ts0=1000, ssrc=0x729729, bye=False):
    """One packet per ptime: marker on the first, seq and ts continuous. With bye, the
    stream ends as an RTP endpoint ends it: an RTCP RR + BYE from src's port+1 to dst's
    port+1, one ptime after the last packet."""
    out = [(t0 + i * ptime_ms / 1000,
            frame(side, src, dst, rtp(pt, seq0 + i, ts0 + ts_step * i, ssrc, pl,
                                      marker=(i == 0))))
           for i, pl in enumerate(payloads)]
    if bye:
        sip, sport = src.rsplit(':', 1)
        dip, dport = dst.rsplit(':', 1)
        rr_bye = struct.pack('!BBHI', 0x80, 201, 1, ssrc) + struct.pack('!BBHI', 0x81, 203, 1,
                                                                        ssrc)
        out.append((t0 + len(payloads) * ptime_ms / 1000,
                    frame(side, f'{sip}:{int(sport) + 1}', f'{dip}:{int(dport) + 1}', rr_bye)))
    return out


def impair(timed, seed=1, loss=0.05, delay=0.030, jitter=0.015, early=0.10, stall=0.0,
           stall_s=0.12, spare=5):
    """A bad network applied to a schedule, reproducibly (seeded): each packet is lost
    with probability `loss`; the others are delayed by delay +- jitter (uniform), a share
    `early` of them skip the delay (so they overtake their predecessors) and a share
    `stall` are held stall_s longer (a spike: they arrive after their playout time).
    The first and last `spare` packets pass untouched: where a stream starts and ends,
    a receiver cannot tell loss from reordering, and tshark and RFC 3550 count differently.
    Returns (the new schedule in sending order, indices of the packets lost)."""
    import random
    rnd = random.Random(seed)
    out, lost = [], []
    for i, (t, f) in enumerate(timed):
        if i < spare or i >= len(timed) - spare:
            out.append((t + delay, f))
            continue
        if rnd.random() < loss:
            lost.append(i)
            continue
        d = 0.0 if rnd.random() < early else delay + rnd.uniform(-jitter, jitter)
        if rnd.random() < stall:
            d += stall_s
        out.append((t + d, f))
    out.sort(key=lambda x: x[0])
    return out, lost
