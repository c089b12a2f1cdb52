"""Malformed and unwanted frames, grouped by the /mc/stats drop counter each must land in.

Every crafted frame comes from a made-up host (FAKE_MAC, and the .66 address of the
subnet) so that any answer media-core wrongly sent would be addressed to it and be easy
to tell from the namespace's own traffic."""
import random
import struct
from dataclasses import dataclass, field

FAKE_MAC = '02:6d:63:00:00:66'
OTHER_MAC = '02:6d:63:00:00:99'
# Ethertypes media-core parses (or will): never used as "unknown".
KNOWN_ETHERTYPES = {0x0800, 0x0806, 0x86dd, 0x8100, 0x88a8, 0x9100, 0x9200}
UNKNOWN_ETHERTYPES = [0x88b5, 0x88b6, 0x1234, 0xffff, 0x0026, 0x88cc, 0x8863, 0x0801]
ICMP_ECHO_ID = 0x4d43  # "MC": the id of crafted echo requests; a reply with it is a bug


@dataclass
class Kind:
    name: str
    counter: str        # /mc/stats drops.<counter> that must count each frame
    exact: bool         # no other traffic in the lab can add to the counter
    frames: list = field(default_factory=list)


def _subnet_host(ip, host):
    return '.'.join(ip.split('.')[:3] + [str(host)])


def _corrupt(frame, offset):
    """Flips a checksum byte of an otherwise correct frame."""
    b = bytearray(bytes(frame))
    b[offset] ^= 0xff
    return bytes(b)


IP_CSUM_AT = 14 + 10
ICMP_CSUM_AT = 14 + 20 + 2


def _mac(s):
    return bytes(int(x, 16) for x in s.split(':'))


def _ip(s):
    return bytes(int(x) for x in s.split('.'))


def _arp(sha, spa, tpa, htype=1, ptype=0x0800, hlen=6, plen=4, op=1):
    """An ARP body with 6-byte hardware and 4-byte protocol addresses whatever the
    length fields claim (scapy would size the addresses from the claimed types)."""
    return (struct.pack('!HHBBH', htype, ptype, hlen, plen, op) + _mac(sha) + _ip(spa)
            + b'\0' * 6 + _ip(tpa))


def malformed(mc_mac, mc_ip, copies=8, seed=1):
    """Returns [Kind]: a few hundred frames in total for copies=8."""
    from scapy.layers.inet import ICMP, IP, TCP, UDP
    from scapy.layers.l2 import Ether
    rng = random.Random(seed)
    fake_ip, far_ip = _subnet_host(mc_ip, 66), _subnet_host(mc_ip, 77)
    eth = Ether(dst=mc_mac, src=FAKE_MAC)
    ip = IP(src=fake_ip, dst=mc_ip)
    bcast = bytes(Ether(dst='ff:ff:ff:ff:ff:ff', src=FAKE_MAC, type=0x0806))
    pay = b'M' * 20

    def each(build):
        return [bytes(build(i)) for i in range(copies)]

    def udp(i, **kw):
        return UDP(sport=40000 + i, dport=30000 + 2 * i, **kw)

    kinds = [
        Kind('ipv4_no_header', 'ip_header', True, each(lambda i: Ether(dst=mc_mac, src=FAKE_MAC, type=0x0800))),
        Kind('ipv4_truncated', 'ip_header', True, each(lambda i: bytes(eth / ip / udp(i))[:14 + 10 + i])),
        Kind('ip_version_6', 'ip_header', True, each(lambda i: eth / IP(version=6, src=fake_ip, dst=mc_ip) / udp(i) / pay)),
        Kind('ip_ihl_4', 'ip_header', True, each(lambda i: eth / IP(ihl=4, src=fake_ip, dst=mc_ip) / udp(i) / pay)),
        Kind('ip_ihl_beyond_frame', 'ip_header', True, each(lambda i: eth / IP(ihl=15, src=fake_ip, dst=mc_ip) / udp(i))),
        Kind('ip_total_length_big', 'ip_header', True, each(lambda i: eth / IP(len=1000 + i, src=fake_ip, dst=mc_ip) / udp(i) / pay)),
        Kind('ip_total_length_small', 'ip_header', True, each(lambda i: eth / IP(len=12 + i % 8, src=fake_ip, dst=mc_ip) / udp(i) / pay)),
        Kind('ip_bad_checksum', 'ip_header', True, each(lambda i: _corrupt(eth / ip / udp(i) / pay, IP_CSUM_AT))),
        Kind('ip_fragment_first', 'ip_fragment', True, each(lambda i: eth / IP(flags='MF', id=i + 1, src=fake_ip, dst=mc_ip) / udp(i) / pay)),
        Kind('ip_fragment_middle', 'ip_fragment', True, each(lambda i: eth / IP(flags='MF', frag=4, id=i + 1, src=fake_ip, dst=mc_ip) / pay)),
        Kind('ip_fragment_last', 'ip_fragment', True, each(lambda i: eth / IP(frag=8, id=i + 1, src=fake_ip, dst=mc_ip) / pay)),
        Kind('ip_proto_tcp', 'ip_proto', True, each(lambda i: eth / ip / TCP(sport=40000 + i, dport=5060, flags='S'))),
        Kind('ip_proto_other', 'ip_proto', True, each(lambda i: eth / IP(proto=(47, 132, 253)[i % 3], src=fake_ip, dst=mc_ip) / pay)),
        Kind('udp_length_beyond_ip', 'udp_header', True, each(lambda i: eth / ip / udp(i, len=200) / pay)),
        Kind('udp_length_below_header', 'udp_header', True, each(lambda i: eth / ip / udp(i, len=4) / pay)),
        Kind('udp_truncated_header', 'udp_header', True, each(lambda i: eth / IP(proto=17, src=fake_ip, dst=mc_ip) / bytes(udp(i))[:4])),
        Kind('icmp_bad_checksum', 'icmp_invalid', True, each(lambda i: _corrupt(eth / ip / ICMP(type=8, id=ICMP_ECHO_ID, seq=i) / pay, ICMP_CSUM_AT + i % 2))),
        Kind('icmp_truncated', 'icmp_invalid', True, each(lambda i: eth / IP(proto=1, src=fake_ip, dst=mc_ip) / b'\x08\x00\xf7')),
        Kind('icmp_not_echo', 'icmp_type', True, each(lambda i: eth / ip / ICMP(type=(13, 0, 17, 10, 15)[i % 5], id=ICMP_ECHO_ID, seq=i) / pay)),
        Kind('icmp_unreachable', 'icmp_type', True, each(lambda i: eth / ip / ICMP(type=3, code=3) / bytes(IP(src=mc_ip, dst=fake_ip) / udp(i))[:28])),
        Kind('ethertype_unknown', 'ethertype', True, each(lambda i: Ether(dst=mc_mac, src=FAKE_MAC, type=UNKNOWN_ETHERTYPES[i % len(UNKNOWN_ETHERTYPES)]) / pay)),
        Kind('random_garbage', 'ethertype', True, each(lambda i: _garbage(rng, mc_mac))),
        Kind('arp_hw_type', 'arp_invalid', True, each(lambda i: bcast + _arp(FAKE_MAC, fake_ip, mc_ip, htype=(6, 0, 0xffff)[i % 3]))),
        Kind('arp_proto_type', 'arp_invalid', True, each(lambda i: bcast + _arp(FAKE_MAC, fake_ip, mc_ip, ptype=(0x86dd, 0, 0x0806)[i % 3]))),
        Kind('arp_lengths', 'arp_invalid', True, each(lambda i: bcast + _arp(FAKE_MAC, fake_ip, mc_ip, hlen=(8, 6, 0)[i % 3], plen=(4, 16, 4)[i % 3]))),
        Kind('arp_truncated', 'arp_invalid', True, each(lambda i: (bcast + _arp(FAKE_MAC, fake_ip, mc_ip))[:14 + 8 + 2 * i])),
        Kind('arp_claims_our_ip', 'arp_invalid', True, each(lambda i: bcast + _arp(FAKE_MAC, mc_ip, far_ip))),
        Kind('arp_for_other_ip', 'arp_not_ours', False, each(lambda i: bcast + _arp(FAKE_MAC, fake_ip, _subnet_host(mc_ip, 100 + i)))),
        Kind('ip_other_host', 'not_for_us', False, each(lambda i: eth / IP(src=fake_ip, dst=far_ip) / udp(i) / pay)),
        Kind('mac_other_host', 'not_for_us', False, each(lambda i: Ether(dst=OTHER_MAC, src=FAKE_MAC) / ip / udp(i) / pay)),
        Kind('udp_no_session', 'no_session', False, each(lambda i: eth / ip / UDP(sport=40000 + i, dport=(30000 + i, 39998, 5060)[i % 3]) / pay)),
    ]
    return kinds


def _garbage(rng, mc_mac):
    """Random bytes behind an Ethernet header to us with an ethertype media-core does not
    parse; 802.3 length values included."""
    while True:
        et = rng.randrange(0, 0x10000)
        if et not in KNOWN_ETHERTYPES:
            break
    return _mac(mc_mac) + _mac(FAKE_MAC) + struct.pack('!H', et) + rng.randbytes(rng.randrange(0, 300))


def runts():
    """Frames shorter than an Ethernet header. A kernel interface refuses to send these
    (EINVAL), so through a tap they can only prove that nothing reaches media-core."""
    return [bytes(range(n)) for n in (1, 6, 13)]
