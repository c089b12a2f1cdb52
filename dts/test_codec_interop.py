"""Codec interoperability with an implementation nobody here wrote (ffmpeg).

media-core -> ffmpeg: payloads lib/codec encodes (PCMU, PCMA, G.722, G.729, Opus) are
decoded by ffmpeg's own decoders, and the audio must match media-core's decoding of the
same payloads. ffmpeg -> media-core: payloads ffmpeg encodes (PCMU, PCMA, G.722, Opus)
are decoded by lib/codec and must match ffmpeg's decoding of them.

Bounds (after delay alignment where a decoder has delay):
  G.711  bit-exact (the standard fixes every code's value)
  G.722  bit-exact (ffmpeg's ADPCM decoder and spandsp's agree sample for sample)
  G.729  SNR >= 15 dB between ffmpeg's G.729 decoder and bcg729's G.729A decoder
         (Annex A uses a simplified postfilter, so they are close, not identical)
  Opus   SNR >= 18 dB between libopus and ffmpeg's native Opus decoder (measured
         about 43 dB on media-core's SILK payloads, 22 dB on ffmpeg's own libopus output)
The tool is tests/codec/mc_codec_tool in the build directory (MC_BUILD_DIR, default
'build', relative to the repository root). No root needed.
"""
import os
import pathlib
import shutil
import subprocess

import pytest

from codec_audio import aligned, best_lag, from_bytes, snr_db, speech, to_bytes
from codec_ogg import opus_pre_skip, read_ogg_packets, write_ogg_opus

REPO = pathlib.Path(__file__).resolve().parent.parent
BUILD = (REPO / os.environ.get('MC_BUILD_DIR', 'build')).resolve()
TOOL = BUILD / 'tests' / 'codec' / 'mc_codec_tool'
SECONDS = 2

pytestmark = pytest.mark.skipif(shutil.which('ffmpeg') is None, reason='ffmpeg not installed')


@pytest.fixture(scope='module')
def tool():
    if not TOOL.exists():
        pytest.fail(f'{TOOL} not built (ninja -C {BUILD})')
    return TOOL


def run_tool(tool, mode, codec, rate, ptime, data, bitrate=0, fmtp=None):
    args = [str(tool), mode, codec, str(rate), '1', str(ptime), str(bitrate)]
    if fmtp:
        args.append(fmtp)
    p = subprocess.run(args, input=data, capture_output=True, timeout=120)
    assert p.returncode == 0, p.stderr.decode()
    return p.stdout


def pack(payloads):
    return b''.join(len(p).to_bytes(2, 'big') + p for p in payloads)


def unpack(stream):
    out, pos = [], 0
    while pos < len(stream):
        n = int.from_bytes(stream[pos:pos + 2], 'big')
        out.append(stream[pos + 2:pos + 2 + n])
        pos += 2 + n
    return out


def ffmpeg(*args, data=None):
    p = subprocess.run(['ffmpeg', '-hide_banner', '-loglevel', 'error', '-nostdin', *args],
                       input=data, capture_output=True, timeout=120)
    assert p.returncode == 0, p.stderr.decode()
    return p.stdout


def ffmpeg_decode(path, fmt_args, rate):
    return from_bytes(ffmpeg(*fmt_args, '-i', str(path), '-f', 's16le', '-ac', '1',
                             '-ar', str(rate), '-acodec', 'pcm_s16le', '-'))


def compare(label, ours, theirs, exact, min_snr, maxlag):
    """Returns the SNR; asserts the bound and that no more than one packet of audio is missing."""
    assert abs(len(ours) - len(theirs)) <= maxlag + 960, (label, len(ours), len(theirs))
    if exact:
        n = min(len(ours), len(theirs))
        assert ours[:n] == theirs[:n], f'{label}: not bit-exact'
        return 200.0
    lag, corr = best_lag(ours, theirs, maxlag, step=4 if maxlag > 200 else 1)
    a, b = aligned(ours, theirs, lag)
    snr = snr_db(a, b)
    print(f'{label}: lag {lag} corr {corr:.4f} SNR {snr:.1f} dB')
    assert snr >= min_snr, f'{label}: SNR {snr:.1f} dB < {min_snr} (lag {lag}, corr {corr:.3f})'
    return snr


# codec, pcm rate, ffmpeg demuxer args, payload bytes per 20 ms, exact, min SNR, maxlag
RAW = {
    'PCMU': (8000, ['-f', 'mulaw', '-ar', '8000', '-ac', '1'], 160, True, 0, 0),
    'PCMA': (8000, ['-f', 'alaw', '-ar', '8000', '-ac', '1'], 160, True, 0, 0),
    'G722': (16000, ['-f', 'g722'], 160, True, 0, 0),
    'G729': (8000, ['-f', 'g729'], 20, False, 15, 80),
}


@pytest.mark.parametrize('codec', ['PCMU', 'PCMA', 'G722', 'G729'])
def test_mediacore_to_ffmpeg_raw(tool, tmp_path, codec):
    rate, fmt, size, exact, min_snr, maxlag = RAW[codec]
    pcm = speech(rate, SECONDS)
    fmtp = 'annexb=no' if codec == 'G729' else None
    payloads = unpack(run_tool(tool, 'enc', codec, rate, 20, to_bytes(pcm), fmtp=fmtp))
    assert len(payloads) == SECONDS * 50
    assert all(len(p) == size for p in payloads)
    raw = tmp_path / f'mc.{codec.lower()}'
    raw.write_bytes(b''.join(payloads))
    theirs = ffmpeg_decode(raw, fmt, rate)
    ours = from_bytes(run_tool(tool, 'dec', codec, rate, 20, pack(payloads), fmtp=fmtp))
    assert len(ours) == len(pcm)
    compare(f'{codec} mc->ffmpeg', ours, theirs, exact, min_snr, maxlag)
    # and both decodings are the signal that went in
    lag, corr = best_lag(pcm, ours, 80)
    assert corr > 0.85, f'{codec}: decoded audio does not resemble the input ({corr:.3f})'


def test_mediacore_to_ffmpeg_opus(tool, tmp_path):
    pcm = speech(16000, SECONDS)
    payloads = unpack(run_tool(tool, 'enc', 'opus', 16000, 20, to_bytes(pcm), bitrate=24000))
    assert len(payloads) == SECONDS * 50 and all(0 < len(p) < 200 for p in payloads)
    path = tmp_path / 'mc.opus'
    write_ogg_opus(path, payloads, 960)
    theirs = ffmpeg_decode(path, ['-c:a', 'opus'], 48000)
    ours = from_bytes(run_tool(tool, 'dec', 'opus', 48000, 20, pack(payloads)))
    assert len(ours) == SECONDS * 48000
    compare('opus mc->ffmpeg', ours, theirs, False, 18, 480)


# codec, rate, ffmpeg muxer args, bytes per 20 ms, exact, min SNR, maxlag
@pytest.mark.parametrize('codec,rate,fmt,size,exact,min_snr,maxlag', [
    ('PCMU', 8000, ['-f', 'mulaw'], 160, True, 0, 0),
    ('PCMA', 8000, ['-f', 'alaw'], 160, True, 0, 0),
    ('G722', 16000, ['-f', 'g722'], 160, True, 0, 0),
])
def test_ffmpeg_to_mediacore_raw(tool, tmp_path, codec, rate, fmt, size, exact, min_snr, maxlag):
    pcm = speech(rate, SECONDS, seed=3)
    enc = tmp_path / f'ff.{codec.lower()}'
    ffmpeg('-f', 's16le', '-ar', str(rate), '-ac', '1', '-i', '-', *fmt, str(enc), data=to_bytes(pcm))
    data = enc.read_bytes()
    payloads = [data[i:i + size] for i in range(0, len(data), size)]
    ours = from_bytes(run_tool(tool, 'dec', codec, rate, 20, pack(payloads)))
    demux = {'PCMU': ['-f', 'mulaw', '-ar', '8000', '-ac', '1'],
             'PCMA': ['-f', 'alaw', '-ar', '8000', '-ac', '1'],
             'G722': ['-f', 'g722']}[codec]
    theirs = ffmpeg_decode(enc, demux, rate)
    assert len(ours) == len(theirs)
    compare(f'{codec} ffmpeg->mc', ours, theirs, exact, min_snr, maxlag)


def test_ffmpeg_to_mediacore_opus(tool, tmp_path):
    pcm = speech(48000, SECONDS, seed=3)
    enc = tmp_path / 'ff.opus'
    ffmpeg('-f', 's16le', '-ar', '48000', '-ac', '1', '-i', '-', '-c:a', 'libopus', '-b:a', '32k',
           '-frame_duration', '20', '-application', 'voip', str(enc), data=to_bytes(pcm))
    packets = read_ogg_packets(enc)
    pre_skip = opus_pre_skip(packets[0])
    payloads = packets[2:]
    assert len(payloads) >= SECONDS * 50
    ours = from_bytes(run_tool(tool, 'dec', 'opus', 48000, 20, pack(payloads)))
    assert len(ours) == len(payloads) * 960
    theirs = ffmpeg_decode(enc, ['-c:a', 'opus'], 48000)
    # ffmpeg drops the pre-skip samples; media-core's RTP-style decode does not
    compare('opus ffmpeg->mc', ours[pre_skip:], theirs, False, 18, 480)


@pytest.mark.parametrize('codec,fmt', [('PCMU', 'mulaw'), ('PCMA', 'alaw')])
def test_g711_encoders_agree(tool, codec, fmt):
    """Every 16-bit input through ffmpeg's G.711 encoder and media-core's: ffmpeg rounds
    differently at some decision boundaries (media-core follows spandsp/G.711), so codes
    may differ, but only to the adjacent quantisation level, and on few inputs."""
    ramp = list(range(-32768, 32768, 1))[:65440]  # whole 20 ms packets
    ff_codes = ffmpeg('-f', 's16le', '-ar', '8000', '-ac', '1', '-i', '-', '-f', fmt, '-',
                      data=to_bytes(ramp))
    mc_codes = b''.join(unpack(run_tool(tool, 'enc', codec, 8000, 20, to_bytes(ramp))))
    assert len(mc_codes) == len(ramp) and len(ff_codes) >= len(ramp)
    levels = from_bytes(run_tool(tool, 'dec', codec, 8000, 20, pack([bytes(range(256))])))
    value = dict(zip(range(256), levels))
    order = {v: i for i, v in enumerate(sorted(set(levels)))}
    differ = 0
    for x, a, b in zip(ramp, ff_codes, mc_codes):
        if a != b:
            differ += 1
            assert abs(order[value[a]] - order[value[b]]) == 1, (x, a, b)
    print(f'{codec}: codes differ on {differ} of {len(ramp)} inputs')
    assert differ < len(ramp) * 0.02
