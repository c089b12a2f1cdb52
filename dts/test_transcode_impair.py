"""Transcoding through a bad network: namespace A sends PCMU (a steady 1 kHz tone, 8 s,
ffmpeg's G.711 encoding) to leg a through a reproducible impairment: 5 % of packets lost,
the rest delayed 30 ms +- 15 ms (uniform, so they arrive out of order), 10 % sent
without the delay (they overtake up to two predecessors) and 2 % held 120 ms longer
(spikes, in a second run: they arrive after their playout time and count as late). media-core converts it to Opus
for namespace B, where ffmpeg receives it.

tc netem would be the natural tool, but this kernel has no sch_netem; the impairment is
applied to the sending schedule instead (mclab.tc_send.impair, seeded), so the lost
packets are known exactly.

Asserted:
  - the impairment reached the wire: tshark sees exactly the planned loss on the input
    leg, and packets out of order there;
  - media-core's output stays continuous: one SSRC, sequence +1 and timestamp +960
    (20 ms at 48 kHz) from each packet to the next, with no gap where input was lost;
  - media-core's RFC 3550 loss count for the leg equals tshark's, and its concealed-frame
    counter equals that loss plus the packets it counted late (they missed their playout
    time, so their frames were concealed too), plus at most the frames the buffer grew by
    (peak depth beyond its 20 ms start: frames it inserted while growing are concealed
    too); the stream ends with an RTCP BYE, after which media-core plays silence;
  - media-core sent a packet for every frame it decoded or concealed, and decoded every
    packet it received but those its jitter buffer discarded;
  - the audio is the tone throughout: dominant 1 kHz in what ffmpeg decodes from the
    payloads and in what the live ffmpeg receiver decoded, and no hole (no 5 ms stretch
    below a tenth of the tone's level) between the first and the last packet.
"""
import functools

from mclab import media, rtpcap, tc_send
from mclab.endpoint import SenderNs
from mclab.tc_call import TcCall
from mclab.tc_media import CODECS, active_span, continuity, gaps

import pytest

RATE = 8000
SECONDS = 8


@pytest.fixture(scope='module')
def senders(lab):
    with SenderNs(lab.a) as a, SenderNs(lab.b) as b:
        yield {'a': a.ns, 'b': b.ns}


def out_of_order(rtps):
    top, n = None, 0
    for r in rtps:
        if top is not None and ((r.seq - top) & 0xffff) >= 0x8000:
            n += 1
        else:
            top = r.seq
    return n


@pytest.mark.parametrize('stall', [0.0, 0.02], ids=['jitter', 'spikes'])
def test_loss_jitter_reorder_output_continuous(lab, senders, tmp_path, stall):
    tc = TcCall(lab, senders, tmp_path, f'tc-impair-{stall}', CODECS['PCMU'], CODECS['opus'],
                ports=(42100, 42102) if stall else (42110, 42112))
    bad_net = functools.partial(tc_send.impair, seed=5, loss=0.05, delay=0.030,
                                jitter=0.015, early=0.10, stall=stall, stall_s=0.12)
    with tc:
        assert tc.call.reply['mode'] == 'transcode', tc.call.reply
        tc.run({'a': media.tone(SECONDS, [1000], amp=10000)}, impair={'a': bad_net})
    dr = tc.dirs['a']
    st = tc.stats['a']
    n = SECONDS * 50
    last_sent = max(i for i in range(n) if i not in tc.lost['a'])
    # A loss after the last packet that arrived is invisible to any receiver.
    planned = len([i for i in tc.lost['a'] if i < last_sent])

    streams = rtpcap.tshark_streams(tc.pcaps['a'])
    wire = rtpcap.tshark_stream(streams, tc.ep('a'), tc.call.local('a'))
    reordered = out_of_order(dr.sent)
    print(f'input wire: {wire["packets"]} packets, {wire["lost"]} lost (planned {planned}), '
          f'{reordered} out of order; leg a: {st}')
    assert planned > 0 and reordered > 0, (planned, reordered)
    assert st['late'] > 0 or not stall, 'no spike arrived late'
    assert wire['lost'] == planned, f'tshark saw {wire["lost"]} lost, planned {planned}'
    assert wire['packets'] == len(dr.sent) == st['rx_packets'] == n - len(tc.lost['a'])

    bad = continuity(dr.out, CODECS['opus'].ts_step())
    assert not bad, f'output not continuous: {bad[:10]}; leg a: {st}'
    assert dr.out[0].marker

    assert st['lost'] == planned, f'media-core counted {st["lost"]} lost, tshark {planned}'
    # The stream ends with an RTCP BYE: the frame after it is silence, not concealment.
    expect = planned + st['late']
    tr = st['transcode']
    # When the buffer grows (jitter, a spike) each frame it adds is concealed too: at
    # most its peak depth in frames beyond the 20 ms start (the API has no separate
    # count of them).
    grown = max(0, tr['jitter_buffer']['peak_ms'] - 20) // 20
    assert expect <= st['concealed'] <= expect + grown, \
        (f'concealed {st["concealed"]}, lost {planned} + late {st["late"]}, + at most '
         f'{grown} frames of growth')
    out = tc.decoded_out('a')
    a0, a1 = active_span(out)
    hz = media.dominant_hz(out[a0:a0 + RATE])
    assert abs(hz - 1000) <= 10, f'tone at {hz} Hz'
    holes = gaps(out[a0:a1], rel=0.1)
    assert not holes, f'holes in the audio at {holes[:10]} s'
    assert dr.live and media.dominant_hz(dr.live[a0:a0 + RATE]) == hz

    # One packet out per frame played: each decoded or concealed in place (the jitter
    # buffer may also let a packet go unplayed when it shrinks: counted as discarded).
    assert tr['decoded'] == st['rx_packets'] - tr['jitter_buffer']['discarded'], tr
    # (after the sender's BYE media-core also sends silence to flush the encoder)
    assert len(dr.out) >= tr['decoded'] + st['concealed'], (len(dr.out), tr)
