"""Endpoints and audio for the transcoding suites: ffmpeg sending any codec ffmpeg can
encode (PCMU, PCMA, G.722, Opus), ffmpeg receiving any codec its RTP demuxer knows,
offline decoding of the payloads a capture holds (ffmpeg's own decoders: G.729 goes
this way, its RTP demuxer has no G.729), and the audio measures the suites assert on.

The G.711 sender and receiver of mclab.media are reused; this file only adds codecs."""
import array
import math
import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import media

FFMPEG = media.FFMPEG


@dataclass(frozen=True)
class Codec:
    name: str           # as in the control API
    pt: int
    rate: int           # RTP clock (control API / rtpmap)
    channels: int
    pcm_rate: int       # the rate the codec codes audio at
    encoding: str       # SDP rtpmap encoding
    ff_enc: tuple       # ffmpeg encoder arguments (empty: ffmpeg cannot encode it)
    ff_raw: tuple       # ffmpeg demuxer arguments for the bare payloads ('ogg': Opus)

    def api(self):
        d = {'pt': self.pt, 'name': self.name, 'rate': self.rate}
        if self.channels != 1:
            d['channels'] = self.channels
        if self.name == 'G729':
            d['fmtp'] = 'annexb=no'
        return d

    def ts_step(self, ptime=20):
        """RTP timestamp increment of one packet (G.722's RTP clock is 8000, RFC 3551)."""
        return self.rate * ptime // 1000

    def frame(self, ptime=20):
        """PCM samples per packet at the codec's own rate."""
        return self.pcm_rate * ptime // 1000


CODECS = {c.name: c for c in (
    Codec('PCMU', 0, 8000, 1, 8000, 'PCMU/8000', ('-c:a', 'pcm_mulaw'),
          ('-f', 'mulaw', '-ar', '8000', '-ac', '1')),
    Codec('PCMA', 8, 8000, 1, 8000, 'PCMA/8000', ('-c:a', 'pcm_alaw'),
          ('-f', 'alaw', '-ar', '8000', '-ac', '1')),
    Codec('G722', 9, 8000, 1, 16000, 'G722/8000', ('-c:a', 'g722'), ('-f', 'g722')),
    Codec('G729', 18, 8000, 1, 8000, 'G729/8000', (), ('-f', 'g729')),
    Codec('opus', 111, 48000, 2, 48000, 'opus/48000/2',
          ('-c:a', 'libopus', '-b:a', '32k', '-frame_duration', '20',
           '-application', 'voip'), 'ogg'),
)}


def start_sender(ns, workdir, name, pcm_path, codec, dest, local_port, ssrc, pcm_rate=8000,
                 ptime=20):
    """ffmpeg sending `codec` (a Codec) from local_port, one ptime packet per ptime, RTCP
    on local_port+1 and a BYE at the end; pcm_path holds s16le mono at pcm_rate."""
    assert codec.ff_enc, f'ffmpeg has no {codec.name} encoder'
    ssrc = ssrc - 2 ** 32 if ssrc >= 2 ** 31 else ssrc
    n = codec.frame(ptime)
    af = f'aresample={codec.pcm_rate},asetnsamples=n={n}:p=1,arealtime'
    argv = [*FFMPEG, *media.pcm_input(pcm_path, pcm_rate), '-af', af,
            '-ar', codec.pcm_rate, '-ac', 1, *codec.ff_enc, '-f', 'rtp',
            '-payload_type', codec.pt, '-ssrc', ssrc, '-rtpflags', 'send_bye',
            f'rtp://{dest}?localport={local_port}']
    return media.Ffmpeg(ns, argv, workdir, name)


def start_receiver(ns, workdir, name, own_ip, port, codec, rate=8000):
    """ffmpeg receiving `codec` on port and writing it decoded, s16le mono at rate."""
    return media.start_receiver(ns, workdir, name, own_ip, port, pt=codec.pt,
                                encoding=codec.encoding,
                                out_args=('-f', 's16le', '-ar', str(rate), '-ac', '1'),
                                suffix='raw')


def alaw_reference(pcm_path, workdir):
    """What a PCMA sender puts on the wire for this PCM: ffmpeg's encoder, offline."""
    out = Path(workdir) / (Path(pcm_path).stem + '.al')
    subprocess.run([*FFMPEG, *media.pcm_input(pcm_path), '-c:a', 'pcm_alaw', '-f', 'alaw',
                    str(out)], check=True, capture_output=True, timeout=120)
    return out.read_bytes()


def decode_payloads(codec, payloads, workdir, tag, rate=8000):
    """The payloads (in order) decoded by ffmpeg, s16le mono at rate."""
    from codec_ogg import write_ogg_opus
    path = Path(workdir) / f'{tag}.{codec.name.lower()}'
    if codec.ff_raw == 'ogg':
        write_ogg_opus(path, payloads, 960, channels=codec.channels)
        demux = ()
    else:
        path.write_bytes(b''.join(payloads))
        demux = codec.ff_raw
    argv = [*FFMPEG, *demux, '-i', path, '-f', 's16le', '-ac', '1', '-ar', rate, '-']
    p = subprocess.run([str(a) for a in argv], capture_output=True, timeout=120)
    assert p.returncode == 0, p.stderr.decode(errors='replace')
    return from_bytes(p.stdout)


def from_bytes(data):
    a = array.array('h')
    a.frombytes(data[:len(data) // 2 * 2])
    return list(a)


def encode_bcg729(tool, pcm, ptime=20):
    """G.729 payloads of pcm (8 kHz) from lib/codec's tool (bcg729: ffmpeg has no G.729
    encoder); one payload per packet."""
    p = subprocess.run([str(tool), 'enc', 'G729', '8000', '1', str(ptime), '0', 'annexb=no'],
                       input=array.array('h', pcm).tobytes(), capture_output=True, timeout=120)
    assert p.returncode == 0, p.stderr.decode(errors='replace')
    out, pos, s = [], 0, p.stdout
    while pos < len(s):
        n = int.from_bytes(s[pos:pos + 2], 'big')
        out.append(s[pos + 2:pos + 2 + n])
        pos += 2 + n
    return out


def rms(x):
    return math.sqrt(sum(v * v for v in x) / len(x)) if x else 0.0


def active_span(samples, rate=8000, win_ms=5, rel=0.5):
    """(first, last+1) sample of the windows whose RMS is at least rel x the median RMS
    of the loud windows: where a steady signal is, ignoring leading silence and the
    fading tail of a concealment."""
    w = rate * win_ms // 1000
    levels = [rms(samples[i:i + w]) for i in range(0, len(samples) - w + 1, w)]
    if not levels:
        return 0, 0
    loud = sorted(v for v in levels if v > 0.1 * max(levels))
    ref = loud[len(loud) // 2]
    on = [i for i, v in enumerate(levels) if v >= rel * ref]
    return (on[0] * w, (on[-1] + 1) * w) if on else (0, 0)


def gaps(samples, rate=8000, win_ms=5, rel=0.25):
    """Windows inside the active span whose RMS drops below rel x its median: audible
    holes in what should be a steady tone."""
    a, b = active_span(samples, rate, win_ms)
    w = rate * win_ms // 1000
    levels = [rms(samples[i:i + w]) for i in range(a, b - w + 1, w)]
    if not levels:
        return []
    med = sorted(levels)[len(levels) // 2]
    return [(a + k * w) / rate for k, v in enumerate(levels) if v < rel * med]


def continuity(rtps, ts_step):
    """Problems in an RTP stream as sent: SSRC changes, sequence gaps, timestamp steps
    other than ts_step. Empty when continuous."""
    bad = []
    for p, q in zip(rtps, rtps[1:]):
        if q.ssrc != p.ssrc:
            bad.append(f'ssrc {p.ssrc:#x} -> {q.ssrc:#x} at seq {q.seq}')
        if (q.seq - p.seq) & 0xffff != 1:
            bad.append(f'seq {p.seq} -> {q.seq}')
        if (q.ts - p.ts) & 0xffffffff != ts_step:
            bad.append(f'ts {p.ts} -> {q.ts} (step {(q.ts - p.ts) & 0xffffffff}) at seq {q.seq}')
    return bad
