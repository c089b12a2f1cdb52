"""Self-tests of the media helpers, without media-core: ffmpeg endpoints on loopback,
the capture parsers against tshark, the symmetric-endpoint namespaces, the pitch finder.
If these fail, the relay suites' verdicts cannot be trusted."""
import os
import shutil
from types import SimpleNamespace

import pytest

from mclab import Netns, media, rtpcap, rtpsend, wait_until
from mclab.capture import Capture
from mclab.endpoint import SenderNs
from scapy.layers.inet import IP, UDP
from scapy.layers.l2 import Ether

FRAME = media.FRAME

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason='needs root (namespaces)')
needs_tools = pytest.mark.skipif(not (shutil.which('ffmpeg') and shutil.which('tshark')),
                                 reason='ffmpeg and tshark needed')


def test_dominant_hz_finds_the_tone():
    assert media.dominant_hz(media.tone(1, [440])) == 440
    assert media.dominant_hz(media.tone(1, [1000, 300], amp=6000)) in (300, 1000)
    assert media.dominant_hz(media.tone(1, [2500])) == 2500


def test_rtp_parser_reads_crafted_headers():
    p = (Ether() / IP(src='10.0.0.1', dst='10.0.0.2') / UDP(sport=4000, dport=5000) /
         rtpsend.rtp(96, 65535, 2 ** 32 - 1, 0xDEADBEEF, b'xyz', marker=True))
    rtcp = (Ether() / IP(src='10.0.0.1', dst='10.0.0.2') / UDP(sport=4001, dport=5001) /
            (bytes.fromhex('81c90001 00001234') + bytes.fromhex('81cb0001 00001234')))
    (r,) = rtpcap.rtp_packets([p, rtcp], src='10.0.0.1:4000')
    assert r.header == (96, True, 65535, 2 ** 32 - 1, 0xDEADBEEF) and r.payload == b'xyz'
    (c,) = rtpcap.rtcp_packets([p, rtcp])
    assert c.types == [201, 203] and c.ssrc == 0x1234 and c.dst == '10.0.0.2:5001'


@needs_root
@needs_tools
def test_ffmpeg_loopback_bit_exact_and_tshark_agrees(tmp_path):
    """Sender and receiver alone: without BYE the receiver writes every byte sent; with
    BYE it sometimes drops the frame just before it (ffmpeg 5.1 ends as soon as it reads
    the BYE; the relay suites allow for that one frame and check the wire for the rest).
    tshark and the parser count the same packets."""
    media.write_pcm(tmp_path / 's.raw', media.tone(1, [440]))
    ref = media.mulaw_reference(tmp_path / 's.raw', tmp_path / 's.ul')
    assert len(ref) == 8000
    with Netns('media') as ns:
        for bye in (False, True):
            tag = 'bye' if bye else 'nobye'
            cap = Capture(ns, 'lo', tmp_path / f'{tag}.pcap', ['udp']).start()
            rx = media.start_receiver(ns, tmp_path, f'rx{tag}', '127.0.0.1', 42000)
            tx = media.start_sender(ns, tmp_path, f'tx{tag}', tmp_path / 's.raw',
                                    '127.0.0.1:42000', 43000, 0xCAFEF00D, bye=bye)
            assert tx.wait(60) == 0, tx.log_text()
            if bye:
                assert rx.wait(20) == 0, rx.log_text()
            else:
                wait_until(lambda: rx.out.exists() and rx.out.stat().st_size >= len(ref), 20)
            rx.stop()
            pk = cap.stop()
            got = rx.out.read_bytes()
            if bye:
                assert got == ref[:len(got)] and len(got) >= len(ref) - FRAME, len(got)
            else:
                assert got == ref, (tag, len(got))
            sent = rtpcap.rtp_packets(pk, src='127.0.0.1:43000', dst='127.0.0.1:42000')
            assert len(sent) == 50 and rtpcap.payload_bytes(sent) == ref
            assert {r.ssrc for r in sent} == {0xCAFEF00D}
            s = rtpcap.tshark_stream(rtpcap.tshark_streams(str(tmp_path / f'{tag}.pcap')),
                                     '127.0.0.1:43000', '127.0.0.1:42000')
            assert s['packets'] == 50 and s['lost'] == 0 and s['ssrc'] == 0xCAFEF00D, s
            types = [r.types for r in rtpcap.rtcp_packets(pk, src='127.0.0.1:43001')]
            assert types and all(t[0] == 200 for t in types), types
            assert (203 in types[-1]) == bye, types


@needs_root
def test_sender_namespace_shares_address_and_port_with_the_side(tmp_path):
    """A veth pair stands in for the tap: a datagram from the sender namespace leaves
    the side's 'tap' with the side's address, port and MAC, while a socket in the side's
    namespace is bound to that same port."""
    with Netns('side') as side_ns, Netns('far') as far:
        tap = f'mt{os.getpid() % 100000}s'
        far_if = f'mt{os.getpid() % 100000}f'
        far.run(['ip', 'link', 'add', far_if, 'type', 'veth', 'peer', 'name', tap,
                 'netns', side_ns.name])
        side_ns.configure(tap, '10.99.0.1/24', mac='02:6e:73:00:00:1a')
        far.configure(far_if, '10.99.0.254/24', mac='02:6e:73:00:00:fe')
        side = SimpleNamespace(label='s', ns=side_ns, ifname=tap, ip='10.99.0.1',
                               prefix_len=24, mac='02:6e:73:00:00:1a', mc_ip='10.99.0.254',
                               mc_mac='02:6e:73:00:00:fe')
        with SenderNs(side) as tx:
            cap = Capture(far, far_if, tmp_path / 'far.pcap', ['udp']).start()
            hold = side_ns.popen(['/usr/bin/python3', '-c',
                                  'import socket,time;s=socket.socket(socket.AF_INET,'
                                  'socket.SOCK_DGRAM);s.bind(("10.99.0.1",44000));'
                                  'time.sleep(30)'])
            try:
                wait_until(lambda: media.port_bound(side_ns, 44000), 10)
                tx.ns.run(['/usr/bin/python3', '-c',
                           'import socket;s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);'
                           's.bind(("10.99.0.1",44000));'
                           '[s.sendto(b"hello%d"%i,("10.99.0.254",45000)) for i in range(3)]'])
                wait_until(lambda: len(_to_port(cap.packets(), 45000)) >= 3, 10,
                           what='3 datagrams on the far side')
            finally:
                hold.kill()
                hold.wait(5)
                pk = cap.stop()
    got = _to_port(pk, 45000)
    assert [bytes(p[UDP].payload) for p in got] == [b'hello0', b'hello1', b'hello2']
    for p in got:
        assert (p[IP].src, p[UDP].sport, p[Ether].src) == ('10.99.0.1', 44000,
                                                           '02:6e:73:00:00:1a')
        # Checksum completed on the wire (offload is off in the sender namespace).
        q = IP(bytes(p[IP]))
        del q[UDP].chksum
        assert IP(bytes(q))[UDP].chksum == p[UDP].chksum


def _to_port(pkts, port):
    return [p for p in pkts if UDP in p and p[UDP].dport == port]
