"""RTP and RTCP as seen on the wire: header fields out of a capture (scapy packets), and
tshark's own verdict on a pcap (`-z rtp,streams`: packets and loss per stream)."""
import re
import struct
from dataclasses import dataclass

from scapy.layers.inet import IP, UDP
from scapy.layers.l2 import Ether  # noqa: F401 - registers Ethernet with rdpcap

from .cmd import run


@dataclass
class Rtp:
    time: float
    src: str        # "ip:port"
    dst: str
    pt: int
    marker: bool
    seq: int
    ts: int
    ssrc: int
    payload: bytes

    @property
    def header(self):
        return (self.pt, self.marker, self.seq, self.ts, self.ssrc)


@dataclass
class Rtcp:
    time: float
    src: str
    dst: str
    types: list     # packet types of the compound, e.g. [200, 202, 203]
    ssrc: int       # of the first packet (the sender)
    raw: bytes


def _udp(pkts, src, dst):
    for p in pkts:
        if IP not in p or UDP not in p:
            continue
        s = f'{p[IP].src}:{p[UDP].sport}'
        d = f'{p[IP].dst}:{p[UDP].dport}'
        if (src is None or s == src) and (dst is None or d == dst):
            yield float(p.time), s, d, bytes(p[UDP].payload)


def _is_rtcp(data):
    return len(data) >= 8 and data[0] >> 6 == 2 and 192 <= data[1] <= 223


def rtp_packets(pkts, src=None, dst=None):
    """RTP version-2 packets (not RTCP) from src to dst ("ip:port", None = any)."""
    out = []
    for t, s, d, data in _udp(pkts, src, dst):
        if len(data) < 12 or data[0] >> 6 != 2 or _is_rtcp(data):
            continue
        b0, b1, seq, ts, ssrc = struct.unpack('!BBHII', data[:12])
        hlen = 12 + 4 * (b0 & 0x0f)
        if b0 & 0x10 and len(data) >= hlen + 4:
            hlen += 4 + 4 * struct.unpack('!H', data[hlen + 2:hlen + 4])[0]
        payload = data[hlen:]
        if b0 & 0x20 and payload:
            payload = payload[:len(payload) - payload[-1]]
        out.append(Rtp(t, s, d, b1 & 0x7f, bool(b1 & 0x80), seq, ts, ssrc, payload))
    return out


def rtcp_packets(pkts, src=None, dst=None):
    out = []
    for t, s, d, data in _udp(pkts, src, dst):
        if not _is_rtcp(data):
            continue
        types, pos = [], 0
        while pos + 4 <= len(data):
            types.append(data[pos + 1])
            pos += 4 * (struct.unpack('!H', data[pos + 2:pos + 4])[0] + 1)
        out.append(Rtcp(t, s, d, types, struct.unpack('!I', data[4:8])[0], data))
    return out


def payload_bytes(rtps):
    return b''.join(r.payload for r in rtps)


# "   0.000   2.980  10.96.0.1 40000  10.96.0.254 30000 0x0000BEEF g711U  150  0 (0.0%) ..."
_STREAM_RE = re.compile(r'^\s*[\d.]+\s+[\d.]+\s+(\S+)\s+(\d+)\s+(\S+)\s+(\d+)\s+(0x[0-9A-Fa-f]+)'
                        r'\s+(.+?)\s+(\d+)\s+(-?\d+)\s+\(')


def tshark_streams(pcap, decode_ports=()):
    """tshark's RTP stream analysis of a pcap: a list of {src, dst, ssrc, payload,
    packets, lost}. UDP ports in decode_ports are decoded as RTP (and port+1 as RTCP);
    the RTP heuristic finds the rest."""
    argv = ['tshark', '-n', '-r', pcap, '-q', '-o', 'rtp.heuristic_rtp:TRUE',
            '-o', 'rtcp.heuristic_rtcp:TRUE', '-z', 'rtp,streams']
    for p in decode_ports:
        argv += ['-d', f'udp.port=={p},rtp', '-d', f'udp.port=={p + 1},rtcp']
    out = run(argv, timeout=120).stdout
    streams = []
    for line in out.splitlines():
        m = _STREAM_RE.match(line)
        if m:
            streams.append({'src': f'{m[1]}:{m[2]}', 'dst': f'{m[3]}:{m[4]}',
                            'ssrc': int(m[5], 16), 'payload': m[6].strip(),
                            'packets': int(m[7]), 'lost': int(m[8]), 'line': line.strip()})
    if not streams and 'RTP Streams' not in out:
        raise AssertionError(f'tshark gave no RTP stream table:\n{out}')
    return streams


def tshark_stream(streams, src, dst):
    found = [s for s in streams if s['src'] == src and s['dst'] == dst]
    assert len(found) == 1, f'expected one RTP stream {src} -> {dst}, tshark saw {streams}'
    return found[0]
