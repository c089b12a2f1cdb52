"""Transcoding with real endpoints: one call per codec pair, both directions at once.
ffmpeg in namespace A speaks codec X to leg a, ffmpeg in namespace B speaks codec Y to
leg b, and each side's ffmpeg receiver decodes what media-core converted for it
(PCMU <-> Opus, PCMA <-> G.722, PCMU <-> G.729; ffmpeg can neither encode G.729 nor
receive it over RTP, so G.729 is sent as bcg729 payloads on a 20 ms schedule and
media-core's G.729 is decoded by ffmpeg's own G.729 decoder from the captured payloads).

Each direction's signal: 1 s of a tone (1 kHz from A, 440 Hz from B), 2 s of a
synthetic voiced signal (codec_audio.speech), 0.5 s of the tone again. Asserted on what
media-core sent (decoded by ffmpeg) against what the sender sent:
  - the stream: media-core's payload type for the leg, one SSRC, sequence +1 and
    timestamp + one packet of the output codec's RTP clock from each packet to the next
    (960 for Opus at 48 kHz, 160 for G.722 per RFC 3551), marker on the first packet;
  - duration: the signal's span in the output is the input's within one packet (20 ms),
    and media-core sent as many packets as it received, give or take one;
  - the tone's dominant frequency, within the 10 Hz scan step;
  - the voiced part: normalised correlation with the original PCM, median over 250 ms
    chunks each aligned on its own, of at least MIN_CORR (codec pair losses only: two
    lossy codecs in series where G.729 or Opus is involved);
  - the live ffmpeg receiver decoded the same tone (its audio is the wire's);
  - leg counters: packets received = packets the sender put on the wire, packets sent =
    what the capture holds, nothing dropped, no loss, and nothing concealed but the frame
    after the end and those the jitter buffer inserted if it grew (the lab's own arrival
    jitter; at most its growth in frames).
"""
import pytest

from codec_audio import aligned, best_lag, speech
from mclab import media
from mclab.endpoint import SenderNs
from mclab.tc_call import TcCall
from mclab.tc_media import CODECS, active_span, continuity, decode_payloads, gaps

RATE = 8000
PKT = RATE * 20 // 1000
CHUNK = RATE // 4
SHIFT = RATE * 30 // 1000
TONE = {'a': 1000, 'b': 440}
# Minimum correlation of the voiced part with the original, per codec pair (measured
# values in docs/performance.md are well above these).
MIN_CORR = {('PCMU', 'opus'): 0.90, ('PCMA', 'G722'): 0.97, ('PCMU', 'G729'): 0.80}


@pytest.fixture(scope='module')
def senders(lab):
    with SenderNs(lab.a) as a, SenderNs(lab.b) as b:
        yield {'a': a.ns, 'b': b.ns}


def signal(side, seed):
    f = TONE[side]
    return (media.tone(1, [f], amp=10000) + speech(RATE, 2, seed=seed) +
            media.tone(0.5, [f], amp=10000))


def check_direction(tc, k, pair):
    dr = tc.dirs[k]
    cin, cout = dr.codec_in, dr.codec_out
    what = f'{cin.name} -> {cout.name} ({k} -> {dr.dst})'
    n_in = len(dr.pcm) // PKT
    # ffmpeg's Opus encoder flushes one more packet (its look-ahead) at the end.
    assert n_in <= len(dr.sent) <= n_in + 1, \
        f'{what}: the sender put {len(dr.sent)} packets on the wire for {n_in} frames'
    assert dr.out, f'{what}: media-core sent nothing'

    # The stream media-core built.
    assert {r.pt for r in dr.out} == {cout.pt}, f'{what}: payload types {set(r.pt for r in dr.out)}'
    assert dr.out[0].marker, f'{what}: no marker on the first packet'
    bad = continuity(dr.out, cout.ts_step())
    assert not bad, f'{what}: output not continuous: {bad[:10]}'
    assert abs(len(dr.out) - len(dr.sent)) <= 1 + tc.stats[k]['concealed'], \
        f'{what}: {len(dr.sent)} packets in, {len(dr.out)} out'

    # The audio, decoded by ffmpeg.
    out = tc.decoded_out(k)
    ref = dr.pcm
    a0, a1 = active_span(ref)
    b0, b1 = active_span(out)
    dur_in, dur_out = (a1 - a0) / RATE, (b1 - b0) / RATE
    print(f'{what}: signal {dur_in:.3f} s in, {dur_out:.3f} s out')
    assert abs((b1 - b0) - (a1 - a0)) <= PKT, f'{what}: {dur_in:.3f} s in, {dur_out:.3f} s out'

    lag, corr = best_lag(ref, out, 1600, step=4)
    r, x = aligned(ref, out, lag)
    hz = media.dominant_hz(x[RATE // 10:RATE * 9 // 10])
    assert abs(hz - TONE[k]) <= 10, f'{what}: tone at {hz} Hz, sent {TONE[k]} Hz'
    # The voiced part in 250 ms chunks, each aligned on its own (+-30 ms): a frame the
    # jitter buffer inserts or drops while adapting shifts what follows by 20 ms, which
    # is timing, not sound quality (the concealment counters are checked below).
    chunks = []
    for c0 in range(RATE + PKT, 3 * RATE - PKT - CHUNK + 1, CHUNK):
        _, cc = best_lag(r[c0:c0 + CHUNK], x[c0 - SHIFT:c0 + CHUNK + SHIFT], SHIFT, step=2)
        chunks.append(cc)
    vcorr = sorted(chunks)[len(chunks) // 2]
    print(f'{what}: delay {lag / RATE * 1000:.1f} ms, voiced correlation median {vcorr:.3f} '
          f'min {min(chunks):.3f}')
    assert vcorr >= MIN_CORR[pair], \
        f'{what}: voiced correlation {vcorr:.3f} < {MIN_CORR[pair]} (chunks ' \
        f'{[round(c, 3) for c in chunks]}); leg {k}: {tc.stats[k]}'

    if dr.live is not None:
        assert len(dr.live) >= len(out) - 2 * PKT, \
            f'{what}: ffmpeg receiver decoded {len(dr.live)} samples of {len(out)}'
        lhz = media.dominant_hz(dr.live[b0 + RATE // 10:b0 + RATE * 9 // 10])
        assert abs(lhz - TONE[k]) <= 10, f'{what}: ffmpeg receiver heard {lhz} Hz'

    st_in, st_out = tc.stats[k], tc.stats[dr.dst]
    assert st_in['rx_packets'] == len(dr.sent), (what, st_in)
    assert st_out['tx_packets'] == len(dr.out), (what, st_out)
    # No loss: the frame concealed after the stream ended, and those the jitter buffer
    # inserted if the lab's own arrival jitter made it grow (at most its growth).
    grown = max(0, st_in['transcode']['jitter_buffer']['peak_ms'] - 20) // 20
    assert st_in['lost'] == 0 and st_in['concealed'] <= 1 + grown, (what, st_in)
    assert not any(st_in['drops'].values()), (what, st_in['drops'])
    assert not any(st_out['drops'].values()), (what, st_out['drops'])


@pytest.mark.parametrize('x,y', [('PCMU', 'opus'), ('PCMA', 'G722'), ('PCMU', 'G729')],
                         ids=['pcmu-opus', 'pcma-g722', 'pcmu-g729'])
def test_transcode_both_ways(lab, senders, tmp_path, x, y):
    tc = TcCall(lab, senders, tmp_path, f'tc-{x}-{y}', CODECS[x], CODECS[y])
    with tc:
        assert tc.call.reply['mode'] == 'transcode', tc.call.reply
        legs = {lg['name']: lg for lg in tc.call.reply['legs']}
        assert legs['a']['codec']['name'].lower() == x.lower(), legs['a']
        assert legs['b']['codec']['name'].lower() == y.lower(), legs['b']
        tc.run({'a': signal('a', 1), 'b': signal('b', 2)})
    for k in ('a', 'b'):
        check_direction(tc, k, (x, y))


def test_ptime_conversion_bit_exact(lab, senders, tmp_path):
    """PCMU on both legs, 20 ms on a, 60 ms on b: a call media-core must transcode (the
    packet times differ) whose audio must come through untouched, since G.711 decoded
    and encoded again gives the same codes. ffmpeg sends 20 ms packets from A and 60 ms
    packets from B. Asserted both ways: media-core's packets have the leg's packet time
    (480 or 160 bytes, timestamp step 480 or 160), the stream is continuous, and the
    samples are those the sender sent, exactly, from the first to the last.

    This is also the suite's check that a clean path (no loss, sub-millisecond jitter)
    costs no audio: a frame the jitter buffer drops or inserts while adapting shows here
    as a shift, with the leg's counters in the message."""
    pcmu = CODECS['PCMU']
    tc = TcCall(lab, senders, tmp_path, 'tc-ptime', pcmu, pcmu, ports=(42020, 42022),
                ptimes=(20, 60))
    with tc:
        assert tc.call.reply['mode'] == 'transcode', tc.call.reply
        # a whole number of 60 ms packets (a partial packet's audio is never sent)
        n = len(signal('a', 3)) // 480 * 480
        tc.run({'a': signal('a', 3)[:n], 'b': signal('b', 4)[:n]})
    for k, pin, pout in (('a', 20, 60), ('b', 60, 20)):
        dr = tc.dirs[k]
        what = f'PCMU {pin} ms -> {pout} ms ({k} -> {dr.dst})'
        assert {len(r.payload) for r in dr.sent} == {8 * pin}, what
        assert dr.out and {len(r.payload) for r in dr.out} == {8 * pout}, \
            f'{what}: payload sizes {sorted({len(r.payload) for r in dr.out})}'
        bad = continuity(dr.out, pcmu.ts_step(pout))
        assert not bad, f'{what}: output not continuous: {bad[:10]}'
        sent = tc.decoded_in(k)
        out = tc.decoded_out(k)
        assert len(out) >= len(sent), f'{what}: {len(sent)} samples in, {len(out)} out'
        if out[:len(sent)] != sent:
            i = next(i for i, (u, v) in enumerate(zip(out, sent)) if u != v)
            shift = [d for d in range(-480, 481, 8) if out[i + 480 + d:i + 960 + d] ==
                     sent[i + 480:i + 960]]
            raise AssertionError(f'{what}: audio differs from what was sent from sample {i} '
                                 f'({i / 8000:.3f} s; the rest matches shifted by {shift} '
                                 f'samples); leg {k}: {tc.stats[k]}')
        # At most the frame concealed after the end follows.
        assert len(out) - len(sent) <= 8 * max(pin, pout), (what, len(out), len(sent))


def test_codec_change_mid_call_continuous(lab, senders, tmp_path):
    """ffmpeg in A sends PCMU (a 1 kHz tone, 6 s); leg b starts with PCMA and is updated
    to G.722 after 2 s. Asserted on media-core's output to B: PCMA packets, then G.722
    packets, never mixed again; one SSRC and sequence +1 / timestamp +160 from each
    packet to the next across the change (both codecs have an 8 kHz RTP clock); the
    audio, each part decoded by ffmpeg with its own decoder and joined, is the tone with
    no hole at the change and the sender's duration within one packet (plus the frame
    concealed after the end)."""
    pcma, g722 = CODECS['PCMA'], CODECS['G722']
    tc = TcCall(lab, senders, tmp_path, 'tc-switch', CODECS['PCMU'], pcma,
                ports=(42030, 42032))
    replies = []

    def switch(t):
        t.call.wait_stat('b', 'tx_packets', 100, timeout=60)
        replies.append(t.call.update([{'name': 'b', 'codecs': [g722.api()]}]))

    with tc:
        tc.run({'a': media.tone(6, [1000], amp=10000), 'b': None}, during=switch)
    (rep,) = replies
    assert rep['mode'] == 'transcode' and \
        [lg['codec']['name'] for lg in rep['legs'] if lg['name'] == 'b'] == ['G722'], rep
    dr = tc.dirs['a']
    pts = [r.pt for r in dr.out]
    first_g722 = pts.index(g722.pt) if g722.pt in pts else None
    assert first_g722 and set(pts[:first_g722]) == {pcma.pt} and \
        set(pts[first_g722:]) == {g722.pt}, f'payload types in order: {pts}'
    bad = continuity(dr.out, 160)
    assert not bad, f'output not continuous across the change: {bad[:10]}'
    part1 = tc_decode(tc, pcma, dr.out[:first_g722], 'p1')
    part2 = tc_decode(tc, g722, dr.out[first_g722:], 'p2')
    out = part1 + part2
    a0, a1 = active_span(out)
    holes = gaps(out[a0:a1], rel=0.1)
    assert not holes, f'holes in the audio at {holes[:10]} s (change at ' \
        f'{len(part1) / RATE:.3f} s)'
    for part in (part1, part2):
        hz = media.dominant_hz(part[RATE // 10:RATE // 10 + RATE // 2])
        assert abs(hz - 1000) <= 10, f'tone at {hz} Hz'
    extra = (1 + tc.stats['a']['concealed']) * PKT
    assert abs((a1 - a0) - len(dr.pcm)) <= extra, (a1 - a0, len(dr.pcm), tc.stats['a'])


def tc_decode(tc, codec, rtps, tag):
    return decode_payloads(codec, [r.payload for r in rtps], tc.workdir, tag)
