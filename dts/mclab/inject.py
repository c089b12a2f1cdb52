"""Sending crafted frames from inside a namespace."""
import json
import sys
from pathlib import Path

_REPLAY = Path(__file__).with_name('replay.py')


def write_pcap(path, frames):
    from scapy.utils import wrpcap
    from scapy.packet import Raw
    # All as raw bytes: scapy then writes each frame exactly as built, one link type.
    wrpcap(str(path), [Raw(bytes(f)) for f in frames], linktype=1)
    return Path(path)


def send_frames(ns, ifname, frames, pcap_path, pace_every=32, pace_ms=2.0, timeout=120):
    """Writes frames (bytes or scapy packets) to pcap_path and sends each one, as is,
    out of ifname in ns. Returns {"sent": N, "errors": [...]} from the sender."""
    write_pcap(pcap_path, frames)
    p = ns.run([sys.executable, _REPLAY, ifname, pcap_path, pace_every, pace_ms],
               timeout=timeout)
    return json.loads(p.stdout.strip().splitlines()[-1])
