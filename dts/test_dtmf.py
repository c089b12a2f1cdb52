"""DTMF interworking on a transcoded call (PCMU + telephone-event on leg a, PCMA without
telephone-event on leg b), judged by decoders nobody here wrote:

  - RFC 4733 -> in-band: RFC 4733 packets (built with scapy, in a PCMU stream, 100 ms
    per digit, end packet sent three times) into leg a come out on leg b as PCMA tones
    that multimon-ng reads as the same digits, in order, each once;
  - in-band -> RFC 4733: ffmpeg sends PCMA with in-band digits (120 ms on, 150 ms off)
    into leg b; leg a receives RFC 4733 events that tshark decodes as the same digits
    (one event per digit, each ended with the end bit);
  - both ways, every digit is an event of type "dtmf" on /mc/events for the leg it came
    from, with the digit, in order, and its duration: 100 ms for the RFC 4733 digits
    (their final duration field), 120 ms +- 40 ms for the tones (a detector needs some
    of the tone to decide, and hangs over a little);
  - the RFC 4733 events media-core sends last 120 ms +- 40 ms (their final duration);
  - /mc/dtmf/send injects digits into a leg in that leg's mode: tones into b, RFC 4733
    events into a, read back by the same two tools.

These tests fail (never skip) when media-core lacks DTMF interworking. The marker `dtmf`
selects (`-m dtmf`) or leaves out (`-m "not dtmf"`) the suite."""
import pytest

from mclab import rtpcap, tc_dtmf, tc_send
from mclab.call import Call, events_after, last_event_seq, leg, tevent
from mclab.capture import Capture
from mclab.endpoint import SenderNs
from mclab.tc_media import CODECS, decode_payloads, start_sender
from mclab.wait import wait_until

pytestmark = pytest.mark.dtmf

DIGITS = '159#*0'
TE_PT = 101


@pytest.fixture(scope='module')
def senders(lab):
    with SenderNs(lab.a) as a, SenderNs(lab.b) as b:
        yield {'a': a.ns, 'b': b.ns}


def dtmf_call(lab, sid, pa, pb):
    return Call(lab.mc, sid, [
        leg('a', lab.a, pa, codecs=[CODECS['PCMU'].api(), tevent(TE_PT)], latching=False),
        leg('b', lab.b, pb, codecs=[CODECS['PCMA'].api()], latching=False)])


def dtmf_events(mc, after, sid, leg_name):
    return [e for e in events_after(mc, after, sid)
            if e['type'] == 'dtmf' and e.get('leg') == leg_name]


def wait_quiet(call, name, timeout=30):
    last = [None]

    def still():
        n = call.stats(name)['tx_packets']
        same, last[0] = n == last[0], n
        return same
    wait_until(still, timeout, interval=0.5, what=f'{call.id}: output to {name} to end')


def test_rfc4733_in_becomes_inband_tones(lab, tmp_path):
    pa, pb = 42200, 42202
    ev0 = last_event_seq(lab.mc)
    with dtmf_call(lab, 'dtmf-4733-in', pa, pb) as call:
        assert call.reply['mode'] == 'transcode', call.reply
        call.wait_resolved()
        cap = Capture(lab.b.ns, lab.b.ifname, tmp_path / 'b.pcap', ['udp']).start()
        try:
            timed = tc_dtmf.rfc4733_call(lab.a, f'{lab.a.ip}:{pa}', call.local('a'), DIGITS,
                                         ev_pt=TE_PT)
            tc_send.send_timed(lab.a, timed, tmp_path / 'a_send.pcap')
            wait_quiet(call, 'b')
        finally:
            pk = cap.stop()
        st = call.stats('a')
    out = rtpcap.rtp_packets(pk, src=call.local('b'), dst=f'{lab.b.ip}:{pb}')
    assert out, 'media-core sent nothing to leg b'
    assert {r.pt for r in out} == {CODECS['PCMA'].pt}, {r.pt for r in out}
    pcm = decode_payloads(CODECS['PCMA'], [r.payload for r in out], tmp_path, 'out_b')
    heard = tc_dtmf.multimon_digits(pcm, tmp_path, 'out_b')
    assert heard == DIGITS, f'multimon-ng heard {heard!r} in leg b, sent {DIGITS!r} as RFC 4733'
    assert st['drops']['payload_type'] == 0, st['drops']
    evs = dtmf_events(lab.mc, ev0, call.id, 'a')
    got = ''.join(e.get('digit', '?') for e in evs)
    assert got == DIGITS, f'/mc/events dtmf on leg a: {got!r}, sent {DIGITS!r}'
    assert all(e.get('duration_ms') == 100 for e in evs), evs


def test_inband_tones_in_become_rfc4733(lab, senders, tmp_path):
    pa, pb = 42210, 42212
    ev0 = last_event_seq(lab.mc)
    with dtmf_call(lab, 'dtmf-inband-in', pa, pb) as call:
        assert call.reply['mode'] == 'transcode', call.reply
        call.wait_resolved()
        cap = Capture(lab.a.ns, lab.a.ifname, tmp_path / 'a.pcap', ['udp']).start()
        try:
            from mclab import media
            raw = media.write_pcm(tmp_path / 'tones.raw', tc_dtmf.inband(DIGITS))
            tx = start_sender(senders['b'], tmp_path, 'send_b', raw, CODECS['PCMA'],
                              call.local('b'), pb, 0xD7F0)
            try:
                assert tx.wait(120) == 0, tx.log_text()
            finally:
                tx.stop()
            wait_quiet(call, 'a')
        finally:
            cap.stop()
    events = tc_dtmf.tshark_events(str(tmp_path / 'a.pcap'), pa)
    got = tc_dtmf.event_digits(events)
    assert got == DIGITS, f'tshark decoded {got!r} as RFC 4733 on leg a, sent {DIGITS!r} in-band'
    ended = {ts for ts, _, end in events if end}
    assert ended == {ts for ts, _, _ in events}, 'an event was never ended (E bit)'
    final = {}
    for ts, _, _, dur in tc_dtmf.tshark_events(str(tmp_path / 'a.pcap'), pa, durations=True):
        final[ts] = max(final.get(ts, 0), dur)
    assert all(80 <= d / 8 <= 160 for d in final.values()), \
        f'event durations (ms): {[d / 8 for d in final.values()]}, tones were 120 ms'
    evs = dtmf_events(lab.mc, ev0, call.id, 'b')
    got_ev = ''.join(e.get('digit', '?') for e in evs)
    assert got_ev == DIGITS, f'/mc/events dtmf on leg b: {got_ev!r}, sent {DIGITS!r}'
    assert all(80 <= e.get('duration_ms', 0) <= 160 for e in evs), evs


def test_dtmf_send_in_each_legs_mode(lab, tmp_path):
    """/mc/dtmf/send into leg b (no telephone-event: in-band tones multimon-ng reads)
    and into leg a (telephone-event: RFC 4733 events tshark decodes), while each remote
    sends 4 s of silence (crafted, paced) so both output streams run. The reply says how
    many digits were queued."""
    pa, pb = 42220, 42222
    with dtmf_call(lab, 'dtmf-send', pa, pb) as call:
        call.wait_resolved()
        caps = {s.label: Capture(s.ns, s.ifname, tmp_path / f'{s.label}.pcap', ['udp']).start()
                for s in (lab.a, lab.b)}
        try:
            senders = [
                tc_send.start_timed(lab.a, tc_send.audio_stream(
                    lab.a, f'{lab.a.ip}:{pa}', call.local('a'), [tc_dtmf.SILENCE_PCMU] * 200,
                    0, 160), tmp_path / 'sa.pcap'),
                tc_send.start_timed(lab.b, tc_send.audio_stream(
                    lab.b, f'{lab.b.ip}:{pb}', call.local('b'), [b'\xd5' * 160] * 200,
                    8, 160), tmp_path / 'sb.pcap')]
            call.wait_stat('a', 'tx_packets', 25, timeout=30)
            call.wait_stat('b', 'tx_packets', 25, timeout=30)
            for name, digits in (('b', '73'), ('a', '2#')):
                rep = lab.mc.telemetry('/mc/dtmf/send', {'id': call.id, 'leg': name,
                                                         'digits': digits,
                                                         'duration_ms': 100})
                assert rep.get('queued') == len(digits), f'/mc/dtmf/send to {name}: {rep}'
            for s in senders:
                assert s.wait(60) == 0, s.log_text()
            wait_quiet(call, 'a')
            wait_quiet(call, 'b')
        finally:
            pk = {k: c.stop() for k, c in caps.items()}
    out_b = rtpcap.rtp_packets(pk['b'], src=call.local('b'), dst=f'{lab.b.ip}:{pb}')
    pcm = decode_payloads(CODECS['PCMA'], [r.payload for r in out_b if r.pt == 8], tmp_path,
                          'send_b')
    heard = tc_dtmf.multimon_digits(pcm, tmp_path, 'send_b')
    assert heard == '73', f'multimon-ng heard {heard!r} on leg b, /mc/dtmf/send gave "73"'
    got = tc_dtmf.event_digits(tc_dtmf.tshark_events(str(tmp_path / 'a.pcap'), pa))
    assert got == '2#', f'tshark decoded {got!r} on leg a, /mc/dtmf/send gave "2#"'
