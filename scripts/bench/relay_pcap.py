"""Pcap of many RTP flows for the relay benchmark, written directly (scapy would take
minutes for 10,000 sessions): Ethernet/IPv4/UDP/RTP with correct IPv4 and UDP checksums,
so media-core's relay has a real checksum to update, as it would on a NIC."""
import array
import struct
import sys

PAYLOAD = bytes((0xff - (i % 16)) for i in range(160))   # a 20 ms PCMU frame


def _sum16(data):
    if len(data) % 2:
        data += b'\0'
    s = sum(array.array('H', data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return s


def checksum(data):
    """RFC 1071 over data, as the 16-bit value to store big-endian."""
    s = _sum16(data)
    if sys.byteorder == 'little':
        s = ((s & 0xff) << 8) | (s >> 8)
    return (~s) & 0xffff


def mac_bytes(mac):
    return bytes(int(x, 16) for x in mac.split(':'))


def ip_bytes(ip):
    return bytes(int(x) for x in ip.split('.'))


def frame(src_mac, dst_mac, sip, sport, dip, dport, rtp):
    """src_mac/dst_mac/sip/dip already as bytes."""
    udp_len = 8 + len(rtp)
    pseudo = sip + dip + struct.pack('!BBH', 0, 17, udp_len)
    udp = struct.pack('!HHHH', sport, dport, udp_len, 0) + rtp
    ck = checksum(pseudo + udp) or 0xffff
    udp = udp[:6] + struct.pack('!H', ck) + udp[8:]
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0xb8, 20 + udp_len, 0, 0x4000, 64, 17, 0, sip, dip)
    ip = ip[:10] + struct.pack('!H', checksum(ip)) + ip[12:]
    return dst_mac + src_mac + b'\x08\x00' + ip + udp


def rtp(seq, ts, ssrc, pt=0):
    return struct.pack('!BBHII', 0x80, pt, seq & 0xffff, ts & 0xffffffff, ssrc) + PAYLOAD


def write_flows(path, dst_mac, flows, per_flow):
    """flows: [(src_mac, src_ip, src_port, dst_ip, dst_port, ssrc)]. Writes per_flow
    rounds of one packet per flow (seq and timestamp advancing by one 20 ms frame per
    round), the way many calls interleave on a wire. Returns the frame count."""
    dmac = mac_bytes(dst_mac)
    pre = [(mac_bytes(m), ip_bytes(sip), sp, ip_bytes(dip), dp, ssrc)
           for m, sip, sp, dip, dp, ssrc in flows]
    n = 0
    with open(path, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for r in range(per_flow):
            for smac, sip, sp, dip, dp, ssrc in pre:
                fr = frame(smac, dmac, sip, sp, dip, dp, rtp(1000 + r, 160 * r, ssrc))
                usec = n * 20000 // max(1, len(pre))
                f.write(struct.pack('<IIII', usec // 1000000, usec % 1000000, len(fr), len(fr)))
                f.write(fr)
                n += 1
    return n
