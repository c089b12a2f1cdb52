"""What the relay enforces and changes on the way, seen on the wire of both namespaces:
sources (latching off), media timeouts, SSRC/seq/ts rewrite, payload-type renumbering,
media direction. Crafted packets (scapy) where exact counts or unusual packets are
needed; ffmpeg where a real sender matters (the rewrite across two real streams)."""
import pytest

from mclab import media, rtpcap, rtpsend, wait_until
from mclab.call import PCMA, PCMU, Call, events_after, last_event_seq, leg, tevent, wait_event
from mclab.capture import Capture
from mclab.endpoint import SenderNs


@pytest.fixture(scope='module')
def senders(lab):
    with SenderNs(lab.a) as a, SenderNs(lab.b) as b:
        yield {'a': a.ns, 'b': b.ns}


def captures(lab, tmp_path, tag=''):
    return {s.label: Capture(s.ns, s.ifname, tmp_path / f'{s.label}{tag}.pcap', ['udp']).start()
            for s in (lab.a, lab.b)}


def stop(caps):
    return {k: c.stop() for k, c in caps.items()}


def addr(side, port):
    return f'{side.ip}:{port}'


def call_with(lab, sid, pa, pb, leg_a=None, leg_b=None, **extra):
    return Call(lab.mc, sid, [leg('a', lab.a, pa, latching=False, **(leg_a or {})),
                              leg('b', lab.b, pb, latching=False, **(leg_b or {}))], **extra)


def test_wrong_source_dropped_and_counted(lab, tmp_path):
    pa, pb = 41000, 41002
    with call_with(lab, 'pol-source', pa, pb) as call:
        call.wait_resolved()
        to = call.local('a')
        good = addr(lab.a, pa)
        frames = (rtpsend.stream(lab.a, '10.96.0.5:41000', to, 20, seq0=100) +   # other host
                  rtpsend.stream(lab.a, addr(lab.a, pa + 10), to, 20, seq0=200) +  # other port
                  rtpsend.stream(lab.a, good, to, 10, seq0=300))                 # the remote
        caps = captures(lab, tmp_path)
        rtpsend.send(lab.a, frames, tmp_path / 'in.pcap')
        call.wait_stat('b', 'tx_packets', 10)
        pk = stop(caps)
        a, b = call.stats('a'), call.stats('b')
    assert a['drops']['wrong_source'] == 40, a
    assert a['rx_packets'] == 10 and b['tx_packets'] == 10, (a, b)
    out = rtpcap.rtp_packets(pk['b'], src=call.local('b'), dst=addr(lab.b, pb))
    assert [r.seq for r in out] == list(range(300, 310)), [r.seq for r in out]


def test_media_timeout_and_resume_events(lab, tmp_path):
    pa, pb = 41010, 41012
    ev0 = last_event_seq(lab.mc)
    with call_with(lab, 'pol-timeout', pa, pb, media_timeout_ms=500) as call:
        call.wait_resolved()
        src, to = addr(lab.a, pa), call.local('a')
        # 20 packets at about 20 ms each, then silence.
        rtpsend.send(lab.a, rtpsend.stream(lab.a, src, to, 20), tmp_path / 'talk.pcap',
                     pace_every=1, pace_ms=20)
        call.wait_stat('a', 'rx_packets', 20)
        mid = last_event_seq(lab.mc)
        to_ev = wait_event(lab.mc, mid, call.id, 'media_timeout', leg='a')
        assert to_ev['timeout_ms'] == 500, to_ev
        assert call.stats('a')['timed_out'], call.stats('a')
        after_to = last_event_seq(lab.mc)
        rtpsend.send(lab.a, rtpsend.stream(lab.a, src, to, 3, seq0=1020, ts0=5000 + 3200),
                     tmp_path / 'resume.pcap')
        wait_event(lab.mc, after_to, call.id, 'media_resumed', leg='a')
        assert not call.stats('a')['timed_out']
    kinds = [e['type'] for e in events_after(lab.mc, ev0, call.id)
             if e['leg'] == 'a' and e['type'] in ('media_timeout', 'media_resumed')]
    # Once per silence: timeouts and resumes alternate, never two timeouts in a row.
    assert all(x != y for x, y in zip(kinds, kinds[1:])), kinds
    assert kinds[-2:] == ['media_timeout', 'media_resumed'], kinds


def test_rewrite_ssrc_seq_ts_across_two_senders(lab, senders, tmp_path):
    """Leg b asks for rewrite: what media-core sends to B is one continuous stream with
    media-core's SSRC, although A's side switches to a new sender (new SSRC, random seq
    and timestamp) mid-call. Leg a did not ask: B's packets reach A unchanged."""
    pa, pb = 41020, 41022
    refs = []
    for i, f in enumerate((500, 900)):
        media.write_pcm(tmp_path / f'a{i}.raw', media.tone(1, [f]))
        refs.append(media.mulaw_reference(tmp_path / f'a{i}.raw', tmp_path / f'a{i}.ul'))
    with call_with(lab, 'pol-rewrite', pa, pb, leg_b={'rewrite_ssrc': True}) as call:
        call.wait_resolved()
        caps = captures(lab, tmp_path)
        try:
            for i, ssrc in enumerate((0x1111, 0x2222)):
                tx = media.start_sender(senders['a'], tmp_path, f'send{i}',
                                        tmp_path / f'a{i}.raw', call.local('a'), pa, ssrc,
                                        bye=False)
                assert tx.wait(120) == 0, tx.log_text()
            back = rtpsend.stream(lab.b, addr(lab.b, pb), call.local('b'), 10, ssrc=0xB0B0)
            rtpsend.send(lab.b, back, tmp_path / 'back.pcap')
            call.wait_stat('a', 'tx_packets', 10)
        finally:
            pk = stop(caps)
    sent = rtpcap.rtp_packets(pk['a'], src=addr(lab.a, pa), dst=call.local('a'))
    out = rtpcap.rtp_packets(pk['b'], src=call.local('b'), dst=addr(lab.b, pb))
    assert {r.ssrc for r in sent} == {0x1111, 0x2222}
    assert len(out) == len(sent) == 100, (len(out), len(sent))
    ssrcs = {r.ssrc for r in out}
    assert len(ssrcs) == 1 and not ssrcs & {0x1111, 0x2222}, ssrcs
    assert all((y.seq - x.seq) % 65536 == 1 for x, y in zip(out, out[1:])), 'seq gap'
    assert all((y.ts - x.ts) % 2 ** 32 == 160 for x, y in zip(out, out[1:])), 'ts jump'
    assert rtpcap.payload_bytes(out) == refs[0] + refs[1]
    streams = rtpcap.tshark_streams(str(tmp_path / 'b.pcap'))
    s = rtpcap.tshark_stream(streams, call.local('b'), addr(lab.b, pb))
    assert s['packets'] == 100 and s['lost'] == 0, s
    # RTCP follows the rewrite: A's sender reports reach B under the rewritten SSRC.
    rtcp = rtpcap.rtcp_packets(pk['b'], src=call.rtcp('b'), dst=addr(lab.b, pb + 1))
    assert rtcp and {r.ssrc for r in rtcp} == ssrcs, rtcp
    back_out = rtpcap.rtp_packets(pk['a'], src=call.local('a'), dst=addr(lab.a, pa))
    assert [(r.ssrc, r.seq, r.ts) for r in back_out] == \
        [(0xB0B0, 1000 + i, 5000 + 160 * i) for i in range(10)]


def test_payload_type_renumbering(lab, tmp_path):
    """Leg a (remote A) says telephone-event is 101, leg b (remote B) says 96: each side
    receives its own numbers. A payload type a leg did not offer is dropped."""
    pa, pb = 41030, 41032
    with call_with(lab, 'pol-pt', pa, pb, leg_a={'codecs': [PCMU, tevent(101)]},
                   leg_b={'codecs': [PCMU, tevent(96)]}) as call:
        call.wait_resolved()
        la, lb = call.local('a'), call.local('b')
        ea, eb = addr(lab.a, pa), addr(lab.b, pb)
        ev = [rtpsend.tevent_payload(5, end=i == 4, duration=160 * (i + 1)) for i in range(5)]

        def pkts(side, src, dst, pts):
            return [rtpsend.frame(side, src, dst, rtpsend.rtp(pt, 100 + i, 8000 + 160 * i,
                                                              0xABC, pay))
                    for i, (pt, pay) in enumerate(pts)]
        from_a = pkts(lab.a, ea, la, [(0, rtpsend.tone_payload(i)) for i in range(10)] +
                      [(101, p) for p in ev] + [(PCMA['pt'], rtpsend.tone_payload(0))] * 3)
        from_b = pkts(lab.b, eb, lb, [(96, p) for p in ev] + [(101, ev[0])] * 3)
        caps = captures(lab, tmp_path)
        rtpsend.send(lab.a, from_a, tmp_path / 'a.in.pcap')
        rtpsend.send(lab.b, from_b, tmp_path / 'b.in.pcap')
        call.wait_stat('b', 'tx_packets', 15)
        call.wait_stat('a', 'tx_packets', 5)
        pk = stop(caps)
        a, b = call.stats('a'), call.stats('b')
    at_b = rtpcap.rtp_packets(pk['b'], src=lb, dst=eb)
    at_a = rtpcap.rtp_packets(pk['a'], src=la, dst=ea)
    assert [r.pt for r in at_b] == [0] * 10 + [96] * 5, [r.pt for r in at_b]
    assert [r.pt for r in at_a] == [101] * 5, [r.pt for r in at_a]
    assert [r.payload for r in at_b[10:]] == ev and [r.payload for r in at_a] == ev
    assert a['drops']['payload_type'] == 3 and b['drops']['payload_type'] == 3, (a, b)


@pytest.mark.parametrize('direction,a_to_b,b_to_a', [
    ('sendonly', True, False), ('recvonly', False, True), ('inactive', False, False)])
def test_direction_enforced(lab, tmp_path, direction, a_to_b, b_to_a):
    """direction is what leg a's remote (A) does: sendonly A only sends, recvonly A only
    receives. An update back to sendrecv opens both ways."""
    pa, pb = 41040, 41042
    sid = f'pol-dir-{direction}'
    with call_with(lab, sid, pa, pb, leg_a={'direction': direction}) as call:
        call.wait_resolved()
        la, lb = call.local('a'), call.local('b')
        ea, eb = addr(lab.a, pa), addr(lab.b, pb)

        def accounted():
            st = [call.stats(k) for k in 'ab']
            return sum(x['tx_packets'] + x['drops']['direction'] for x in st)

        def burst(tag, seq0, total):
            caps = captures(lab, tmp_path, tag)
            rtpsend.send(lab.a, rtpsend.stream(lab.a, ea, la, 10, seq0=seq0),
                         tmp_path / f'a{tag}.in.pcap')
            rtpsend.send(lab.b, rtpsend.stream(lab.b, eb, lb, 10, seq0=seq0),
                         tmp_path / f'b{tag}.in.pcap')
            # Everything sent is accounted for (relayed, or dropped for direction).
            wait_until(lambda: accounted() >= total, 30, what=f'{total} packets accounted')
            pk = stop(caps)
            return (rtpcap.rtp_packets(pk['b'], src=lb, dst=eb),
                    rtpcap.rtp_packets(pk['a'], src=la, dst=ea))
        at_b, at_a = burst('1', 1000, 20)
        a, b = call.stats('a'), call.stats('b')
        assert len(at_b) == (10 if a_to_b else 0), (direction, len(at_b), a, b)
        assert len(at_a) == (10 if b_to_a else 0), (direction, len(at_a), a, b)
        assert a['drops']['direction'] + b['drops']['direction'] == \
            20 - len(at_a) - len(at_b), (a, b)
        call.update([{'name': 'a', 'direction': 'sendrecv'}])
        at_b, at_a = burst('2', 2000, 40)
        assert [r.seq for r in at_b] == [r.seq for r in at_a] == list(range(2000, 2010))
