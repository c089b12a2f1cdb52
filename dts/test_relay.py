"""The RTP relay with real endpoints: a call set up through the control API between the
two namespaces, ffmpeg sending PCMU from each side at once (paced, 20 ms packets, RTCP
sender reports, BYE at the end) and ffmpeg receiving on each side from an SDP file.

Proven here: the audio each receiver decodes is the sender's G.711, byte for byte; the
relayed packets are the sent ones, header and payload untouched; tshark finds no loss;
media-core's leg counters agree with tshark's packet counts; RTCP (SR, BYE) is relayed on
port+1; a destroy mid-call stops the flow and its reply carries the final counters; an
update that changes a remote moves the stream there.

Endpoints are symmetric (they send from the port they receive on, as SIP endpoints do):
see mclab/endpoint.py for how two ffmpeg processes make one such endpoint."""
import pytest

from codec_audio import speech
from mclab import media, rtpcap, wait_until
from mclab.call import Call, events_after, last_event_seq, leg
from mclab.capture import Capture
from mclab.endpoint import SenderNs

FRAME = media.FRAME
SSRC_A, SSRC_B = 0xA1A1A1A1, 0xB2B2B2B2


@pytest.fixture(scope='module')
def senders(lab):
    with SenderNs(lab.a) as a, SenderNs(lab.b) as b:
        yield {'a': a.ns, 'b': b.ns}


def captures(lab, tmp_path):
    return {s.label: Capture(s.ns, s.ifname, tmp_path / f'{s.label}.pcap', ['udp']).start()
            for s in (lab.a, lab.b)}


def stop_all(procs):
    for p in procs:
        p.stop()


def addr(side, port):
    return f'{side.ip}:{port}'


def assert_prefix(got, ref, what):
    """An ffmpeg receiver stopped by BYE may drop the packet just before it (it does so
    on loopback without media-core too; see mclab/test_media.py): the audio must be the
    sent bytes exactly, at most that last frame short. The wire checks cover all of it."""
    assert len(got) >= len(ref) - FRAME, f'{what}: {len(got)} of {len(ref)} bytes'
    assert got == ref[:len(got)], f'{what}: received G.711 differs from what was sent'


def test_call_both_ways(lab, senders, tmp_path):
    pa, pb = 40000, 40002
    pcm = {'a': speech(8000, 3, seed=1), 'b': media.tone(3, [1000, 1600])}
    ref = {}
    for k, samples in pcm.items():
        media.write_pcm(tmp_path / f'{k}.raw', samples)
        ref[k] = media.mulaw_reference(tmp_path / f'{k}.raw', tmp_path / f'{k}.ul')
    n = {k: len(ref[k]) // FRAME for k in ref}
    ev0 = last_event_seq(lab.mc)
    with Call(lab.mc, 'relay-both', [leg('a', lab.a, pa), leg('b', lab.b, pb)]) as call:
        assert call.reply['mode'] == 'relay', call.reply
        call.wait_resolved()
        caps = captures(lab, tmp_path)
        rx = {'a': media.start_receiver(lab.a.ns, tmp_path, 'recv_a', lab.a.ip, pa),
              'b': media.start_receiver(lab.b.ns, tmp_path, 'recv_b', lab.b.ip, pb)}
        tx = {'a': media.start_sender(senders['a'], tmp_path, 'send_a', tmp_path / 'a.raw',
                                      call.local('a'), pa, SSRC_A),
              'b': media.start_sender(senders['b'], tmp_path, 'send_b', tmp_path / 'b.raw',
                                      call.local('b'), pb, SSRC_B)}
        try:
            for k, p in tx.items():
                assert p.wait(120) == 0, f'sender {k}: {p.log_text()}'
            # Each receiver stops by itself on the BYE its peer sent through media-core.
            for k, p in rx.items():
                assert p.wait(30) == 0, f'receiver {k} did not end on BYE: {p.log_text()}'
        finally:
            stop_all([*tx.values(), *rx.values()])
            pk = {k: c.stop() for k, c in caps.items()}
        info = call.info()
    st = {lg['name']: lg['stats'] for lg in info['legs']}
    ep = {'a': addr(lab.a, pa), 'b': addr(lab.b, pb)}
    ep_rtcp = {'a': addr(lab.a, pa + 1), 'b': addr(lab.b, pb + 1)}
    loc = {'a': call.local('a'), 'b': call.local('b')}

    # The audio each endpoint decoded is what the other one encoded.
    assert_prefix(rx['b'].out.read_bytes(), ref['a'], 'a -> b')
    assert_prefix(rx['a'].out.read_bytes(), ref['b'], 'b -> a')

    for src, dst in (('a', 'b'), ('b', 'a')):
        sent = rtpcap.rtp_packets(pk[src], src=ep[src], dst=loc[src])
        relayed = rtpcap.rtp_packets(pk[dst], src=loc[dst], dst=ep[dst])
        assert len(sent) == n[src], f'{src} sent {len(sent)} of {n[src]} packets'
        # Untouched: same headers (PT, marker, seq, ts, SSRC) and payloads, in order.
        assert [r.header for r in relayed] == [r.header for r in sent], f'{src} -> {dst}'
        assert rtpcap.payload_bytes(relayed) == ref[src], f'{src} -> {dst} payload bytes'

        # tshark's verdict on each wire, and media-core's counters against it.
        on_src = rtpcap.tshark_streams(str(tmp_path / f'{src}.pcap'))
        on_dst = rtpcap.tshark_streams(str(tmp_path / f'{dst}.pcap'))
        ts_sent = rtpcap.tshark_stream(on_src, ep[src], loc[src])
        ts_relayed = rtpcap.tshark_stream(on_dst, loc[dst], ep[dst])
        assert ts_sent['lost'] == 0 and ts_relayed['lost'] == 0, (ts_sent, ts_relayed)
        assert ts_sent['packets'] == ts_relayed['packets'] == n[src]
        assert ts_relayed['ssrc'] == (SSRC_A if src == 'a' else SSRC_B)
        assert st[src]['rx_packets'] == ts_sent['packets'], st[src]
        assert st[dst]['tx_packets'] == ts_relayed['packets'], st[dst]
        assert st[src]['lost'] == 0, st[src]

        # RTCP: every SR (and the BYE) the sender sent to leg src's RTCP port reaches
        # the other endpoint's RTCP port, bytes unchanged.
        rtcp_sent = rtpcap.rtcp_packets(pk[src], src=ep_rtcp[src], dst=call.rtcp(src))
        rtcp_rel = rtpcap.rtcp_packets(pk[dst], src=call.rtcp(dst), dst=ep_rtcp[dst])
        assert any(200 in r.types for r in rtcp_sent), f'{src}: no SR sent: {rtcp_sent}'
        assert 203 in rtcp_sent[-1].types, f'{src}: last RTCP is not a BYE'
        assert [r.raw for r in rtcp_rel] == [r.raw for r in rtcp_sent], f'RTCP {src}->{dst}'
        assert st[src]['rtcp_rx'] == len(rtcp_sent) and st[dst]['rtcp_tx'] == len(rtcp_rel)

    for k in ('a', 'b'):
        assert not any(st[k]['drops'].values()), st[k]
    # Latching was on: each leg latched the endpoint's address, for RTP and for RTCP.
    latched = {(e['leg'], e['rtcp']): e['remote'] for e in events_after(lab.mc, ev0, call.id)
               if e['type'] == 'remote_latched'}
    for k in ('a', 'b'):
        assert latched.get((k, False)) == ep[k], latched
        assert latched.get((k, True)) == ep_rtcp[k], latched
        assert st[k]['remote'] == ep[k] and st[k]['latched'], st[k]
        assert st[k]['rtcp_remote'] == ep_rtcp[k] and st[k]['rtcp_latched'], st[k]


def relayed(pkts, call, name, side, port):
    return rtpcap.rtp_packets(pkts, src=call.local(name), dst=addr(side, port))


def test_destroy_mid_call_stops_the_flow(lab, senders, tmp_path):
    pa, pb = 40020, 40022
    media.write_pcm(tmp_path / 'a.raw', media.tone(20, [800]))
    ref = media.mulaw_reference(tmp_path / 'a.raw', tmp_path / 'a.ul')
    ev0 = last_event_seq(lab.mc)
    call = Call(lab.mc, 'relay-destroy', [leg('a', lab.a, pa, latching=False),
                                          leg('b', lab.b, pb, latching=False)]).create()
    try:
        call.wait_resolved()
        caps = captures(lab, tmp_path)
        rx = media.start_receiver(lab.b.ns, tmp_path, 'recv_b', lab.b.ip, pb)
        tx = media.start_sender(senders['a'], tmp_path, 'send_a', tmp_path / 'a.raw',
                                call.local('a'), pa, SSRC_A)
        try:
            call.wait_stat('b', 'tx_packets', 25, timeout=60)
            no_session = lab.stats()['drops']['no_session']
            final = call.destroy()
            # The sender goes on; media-core must drop all of it (the port is in
            # quarantine: no session) and send nothing more to B.
            wait_until(lambda: lab.stats()['drops']['no_session'] >= no_session + 25, 60,
                       what='25 packets to the destroyed session dropped as no_session')
            assert tx.running(), f'the sender stopped early: {tx.log_text()}'
        finally:
            stop_all([tx, rx])
            pk = {k: c.stop() for k, c in caps.items()}
    finally:
        call.close()
    fa, fb = call.final_stats('a'), call.final_stats('b')
    assert fa['rx_packets'] >= 25 and fb['tx_packets'] == fa['rx_packets'], final
    got = relayed(pk['b'], call, 'b', lab.b, pb)
    sent = rtpcap.rtp_packets(pk['a'], src=addr(lab.a, pa), dst=call.local('a'))
    # What reached B is exactly what the final counters say was sent, nothing after.
    assert len(got) == fb['tx_packets'], (len(got), fb)
    assert len(sent) >= fa['rx_packets'] + 25, (len(sent), fa)
    assert [r.header for r in got] == [r.header for r in sent[:len(got)]]
    assert rx.out.read_bytes() == ref[:len(got) * FRAME], 'receiver audio after destroy'
    info = lab.mc.telemetry('/mc/session/info', {'id': call.id})
    assert info.get('error', {}).get('code') == 'ENOENT', info
    ended = [e for e in events_after(lab.mc, ev0, call.id) if e['type'] == 'session_ended']
    assert len(ended) == 1, ended
    for lg in ended[0]['legs']:
        fs = call.final_stats(lg['name'])
        assert (lg['rx_packets'], lg['tx_packets']) == (fs['rx_packets'], fs['tx_packets'])


def test_update_moves_the_stream_to_the_new_remote(lab, senders, tmp_path):
    pa, pb, pb2 = 40040, 40042, 40052
    media.write_pcm(tmp_path / 'a.raw', media.tone(6, [600]))
    ref = media.mulaw_reference(tmp_path / 'a.raw', tmp_path / 'a.ul')
    with Call(lab.mc, 'relay-update', [leg('a', lab.a, pa, latching=False),
                                       leg('b', lab.b, pb, latching=False)]) as call:
        call.wait_resolved()
        caps = captures(lab, tmp_path)
        rx1 = media.start_receiver(lab.b.ns, tmp_path, 'recv_b1', lab.b.ip, pb)
        rx2 = media.start_receiver(lab.b.ns, tmp_path, 'recv_b2', lab.b.ip, pb2)
        tx = media.start_sender(senders['a'], tmp_path, 'send_a', tmp_path / 'a.raw',
                                call.local('a'), pa, SSRC_A)
        try:
            call.wait_stat('b', 'tx_packets', 40, timeout=60)
            rep = call.update([{'name': 'b', 'remote': addr(lab.b, pb2)}])
            assert call._leg(rep, 'b')['remote'] == addr(lab.b, pb2), rep
            assert tx.wait(120) == 0, tx.log_text()
            # The BYE goes to the new remote's RTCP port: that receiver ends by itself.
            assert rx2.wait(30) == 0, rx2.log_text()
        finally:
            stop_all([tx, rx1, rx2])
            pk = {k: c.stop() for k, c in caps.items()}
        st = call.stats('b')
    old = relayed(pk['b'], call, 'b', lab.b, pb)
    new = relayed(pk['b'], call, 'b', lab.b, pb2)
    assert len(old) >= 40 and new, (len(old), len(new))
    # In wire order: everything to the old remote, then everything to the new one.
    assert max(r.time for r in old) <= min(r.time for r in new)
    assert rtpcap.payload_bytes(old + new) == ref, 'the stream lost or repeated packets'
    assert st['tx_packets'] == len(old) + len(new) == len(ref) // FRAME, st
    assert st['remote'] == addr(lab.b, pb2), st
    got1, got2 = rx1.out.read_bytes(), rx2.out.read_bytes()
    assert got1 == ref[:len(got1)] and len(got1) == len(old) * FRAME
    # The new receiver decodes the rest of the call (the BYE costs its last frame).
    assert got2 and ref[len(got1):].startswith(got2), (len(got1), len(got2))
    assert len(got2) >= len(new) * FRAME - FRAME, (len(got2), len(new))
