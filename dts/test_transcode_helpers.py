"""Self-tests of the transcoding and DTMF suites' helpers, without media-core: if these
fail, the verdicts of test_transcode*.py and test_dtmf.py cannot be trusted.
  - multimon-ng reads the in-band digits tc_dtmf.inband generates (through sox);
  - tshark decodes the RFC 4733 stream tc_dtmf.rfc4733_call builds as the same digits,
    every event ended;
  - bcg729 payloads decoded by ffmpeg's G.729 decoder give back the tone;
  - ffmpeg sender -> ffmpeg receiver on loopback for Opus, G.722 and PCMA: continuous
    stream with the codec's timestamp step, both decodings (live and from the captured
    payloads) carry the tone and the whole duration;
  - active_span, gaps and continuity find what they claim to find."""
import os
import shutil
from types import SimpleNamespace

import pytest

from mclab import Netns, media, rtpcap, tc_dtmf, tc_media
from mclab.capture import Capture
from mclab.rtpcap import Rtp
from mclab.tc_call import CODEC_TOOL
from mclab.tc_send import write_timed_pcap

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason='needs root (namespaces)')
needs_tools = pytest.mark.skipif(
    not all(shutil.which(t) for t in ('ffmpeg', 'tshark', 'sox', 'multimon-ng')),
    reason='ffmpeg, tshark, sox and multimon-ng needed')


@needs_tools
def test_multimon_reads_generated_inband_digits(tmp_path):
    assert tc_dtmf.multimon_digits(tc_dtmf.inband('0123456789*#ABCD'), tmp_path, 'x') == \
        '0123456789*#ABCD'
    assert tc_dtmf.multimon_digits(media.tone(1, [440]), tmp_path, 'y') == ''


@needs_tools
def test_tshark_decodes_crafted_rfc4733(tmp_path):
    side = SimpleNamespace(mac='02:00:00:00:00:01', mc_mac='02:00:00:00:00:02')
    timed = tc_dtmf.rfc4733_call(side, '10.96.0.1:42200', '10.96.0.254:30000', '159#*0')
    write_timed_pcap(tmp_path / 'ev.pcap', timed)
    ev = tc_dtmf.tshark_events(str(tmp_path / 'ev.pcap'), 30000)
    assert tc_dtmf.event_digits(ev) == '159#*0'
    assert len(ev) == 6 * 7 and sum(1 for e in ev if e[2]) == 6 * 3


@needs_tools
def test_bcg729_payloads_decode_in_ffmpeg(tmp_path):
    if not CODEC_TOOL.exists():
        pytest.fail(f'{CODEC_TOOL} not built')
    pls = tc_media.encode_bcg729(CODEC_TOOL, media.tone(1, [440]))
    assert len(pls) == 50 and all(len(p) == 20 for p in pls)
    pcm = tc_media.decode_payloads(tc_media.CODECS['G729'], pls, tmp_path, 'g')
    assert len(pcm) == 8000 and media.dominant_hz(pcm[800:]) == 440


@needs_root
@needs_tools
@pytest.mark.parametrize('name', ['opus', 'G722', 'PCMA'])
def test_ffmpeg_codec_endpoints_on_loopback(tmp_path, name):
    c = tc_media.CODECS[name]
    media.write_pcm(tmp_path / 's.raw', media.tone(1, [440]))
    with Netns('tch') as ns:
        cap = Capture(ns, 'lo', tmp_path / 'lo.pcap', ['udp']).start()
        rx = tc_media.start_receiver(ns, tmp_path, 'rx', '127.0.0.1', 42000, c)
        tx = tc_media.start_sender(ns, tmp_path, 'tx', tmp_path / 's.raw', c,
                                   '127.0.0.1:42000', 43000, 0x1234)
        try:
            assert tx.wait(60) == 0, tx.log_text()
            rx.wait(10)
        finally:
            tx.stop()
            rx.stop()
            pk = cap.stop()
    rtps = rtpcap.rtp_packets(pk, dst='127.0.0.1:42000')
    assert 50 <= len(rtps) <= 51 and {r.pt for r in rtps} == {c.pt}
    assert tc_media.continuity(rtps, c.ts_step()) == []
    live = tc_media.from_bytes(rx.out.read_bytes())
    dec = tc_media.decode_payloads(c, [r.payload for r in rtps], tmp_path, 'd')
    for pcm in (live, dec):
        assert len(pcm) >= 8000 - 160 and media.dominant_hz(pcm[1000:]) == 440


def test_span_gaps_continuity_find_what_they_claim():
    tone = media.tone(1, [1000], amp=10000)
    pcm = [0] * 800 + tone + [0] * 800
    assert tc_media.active_span(pcm) == (800, 8800)
    assert tc_media.gaps(pcm) == []
    holed = pcm[:4000] + [0] * 160 + pcm[4160:]
    assert tc_media.gaps(holed) and abs(tc_media.gaps(holed)[0] - 0.5) < 0.01
    mk = lambda seq, ts, ssrc=1: Rtp(0, '', '', 0, False, seq, ts, ssrc, b'')  # noqa: E731
    assert tc_media.continuity([mk(65535, 2 ** 32 - 160), mk(0, 0), mk(1, 160)], 160) == []
    assert len(tc_media.continuity([mk(1, 0), mk(3, 160)], 160)) == 1
    assert len(tc_media.continuity([mk(1, 0), mk(2, 480)], 160)) == 1
    assert len(tc_media.continuity([mk(1, 0), mk(2, 160, ssrc=2)], 160)) == 1


def test_impair_is_reproducible_and_does_what_it_says():
    from mclab.tc_send import impair
    timed = [(i * 0.02, i.to_bytes(2, 'big')) for i in range(400)]
    a, lost_a = impair(timed, seed=5, loss=0.05, delay=0.03, jitter=0.015, early=0.1,
                       stall=0.02)
    b, lost_b = impair(timed, seed=5, loss=0.05, delay=0.03, jitter=0.015, early=0.1,
                       stall=0.02)
    assert a == b and lost_a == lost_b
    assert 5 <= len(lost_a) <= 40 and len(a) == 400 - len(lost_a)
    assert all(5 <= i < 395 for i in lost_a)
    order = [int.from_bytes(f, 'big') for _, f in a]
    assert order != sorted(order), 'nothing reordered'
    assert [t for t, _ in a] == sorted(t for t, _ in a)
    # the spared head and tail keep their order and the plain delay
    assert order[:3] == [0, 1, 2] and order[-3:] == [397, 398, 399]
