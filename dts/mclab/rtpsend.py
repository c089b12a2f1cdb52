"""Crafted RTP frames sent from a lab namespace, for what ffmpeg cannot do on demand:
a chosen source address, payload types such as telephone-event, exact counts."""
import struct

from .inject import send_frames


def rtp(pt, seq, ts, ssrc, payload, marker=False):
    return struct.pack('!BBHII', 0x80, (0x80 if marker else 0) | pt, seq & 0xffff,
                       ts & 0xffffffff, ssrc) + payload


def tone_payload(i, n=160):
    """A distinct, recognisable 20 ms G.711 payload per index."""
    return bytes((i * 7 + k) & 0xff for k in range(n))


def tevent_payload(event=1, end=False, volume=10, duration=160):
    """RFC 4733 event payload."""
    return struct.pack('!BBH', event, (0x80 if end else 0) | volume, duration)


def frame(side, src, dst, payload_bytes):
    """Ethernet/IPv4/UDP frame from the side's namespace (its MAC) to media-core's port
    MAC; src and dst are "ip:port" (src may be any address of the subnet)."""
    from scapy.layers.inet import IP, UDP
    from scapy.layers.l2 import Ether
    sip, sport = src.rsplit(':', 1)
    dip, dport = dst.rsplit(':', 1)
    return bytes(Ether(src=side.mac, dst=side.mc_mac) / IP(src=sip, dst=dip, ttl=64) /
                 UDP(sport=int(sport), dport=int(dport)) / payload_bytes)


def stream(side, src, dst, count, pt=0, seq0=1000, ts0=5000, ssrc=0x5ca9, first=0):
    """count PCMU-like packets: seq0+i, ts0+160*i, payload tone_payload(first+i)."""
    return [frame(side, src, dst, rtp(pt, seq0 + i, ts0 + 160 * i, ssrc,
                                      tone_payload(first + i)))
            for i in range(count)]


def send(side, frames, pcap_path, pace_every=8, pace_ms=5.0):
    """Sends the frames out of the side's tap; asserts the kernel took all of them."""
    res = send_frames(side.ns, side.ifname, frames, pcap_path, pace_every=pace_every,
                      pace_ms=pace_ms)
    assert res['sent'] == len(frames) and not res['errors'], res
    return res
