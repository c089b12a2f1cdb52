"""DTMF on the wire and in audio, judged by tools nobody here wrote: RFC 4733 event
streams built packet by packet (with the audio around them), in-band digits read by
multimon-ng (22050 Hz s16le, resampled with sox), RFC 4733 events read by tshark."""
import subprocess
from pathlib import Path

from . import media
from .cmd import run
from .rtpsend import frame, rtp, tevent_payload

EVENT = {**{str(d): d for d in range(10)}, '*': 10, '#': 11,
         'A': 12, 'B': 13, 'C': 14, 'D': 15}
DIGIT = {v: k for k, v in EVENT.items()}
ROW = {'1': 697, '2': 697, '3': 697, 'A': 697, '4': 770, '5': 770, '6': 770, 'B': 770,
       '7': 852, '8': 852, '9': 852, 'C': 852, '*': 941, '0': 941, '#': 941, 'D': 941}
COL = {'1': 1209, '4': 1209, '7': 1209, '*': 1209, '2': 1336, '5': 1336, '8': 1336,
       '0': 1336, '3': 1477, '6': 1477, '9': 1477, '#': 1477, 'A': 1633, 'B': 1633,
       'C': 1633, 'D': 1633}
SILENCE_PCMU = b'\xff' * 160


def inband(digits, on_ms=120, off_ms=150, lead_ms=300, amp=9000):
    """8 kHz PCM: silence, then each digit's two tones for on_ms and silence off_ms."""
    pcm = [0] * (8 * lead_ms)
    for d in digits:
        pcm += media.tone(on_ms / 1000, [ROW[d], COL[d]], amp=amp)[:8 * on_ms]
        pcm += [0] * (8 * off_ms)
    pcm += [0] * (8 * lead_ms)
    return pcm[:len(pcm) // 160 * 160]


def rfc4733_call(side, src, dst, digits, audio_pt=0, ev_pt=101, ssrc=0x4733,
                 lead=15, on=5, gap=8):
    """(time, frame) of one RTP stream: `lead` packets of PCMU silence, then per digit
    `on` event packets (one event, duration growing by 160, marker on the first, the
    last with the end bit sent three times, RFC 4733 2.5.1.4) and `gap` silence packets.
    Sequence numbers run on across audio and events; the timestamp of audio advances
    160 per packet and an event keeps its start timestamp."""
    out, seq, ts, i = [], 1000, 8000, 0

    def emit(pt, payload, at_ts, marker=False):
        nonlocal seq
        out.append((i * 0.02, frame(side, src, dst, rtp(pt, seq, at_ts, ssrc, payload,
                                                         marker))))
        seq += 1

    def silence(n):
        nonlocal ts, i
        for _ in range(n):
            emit(audio_pt, SILENCE_PCMU, ts)
            ts += 160
            i += 1

    silence(lead)
    for d in digits:
        for k in range(on):
            last = k == on - 1
            for _ in range(3 if last else 1):
                emit(ev_pt, tevent_payload(EVENT[d], end=last, duration=160 * (k + 1)), ts,
                     marker=(k == 0))
            i += 1
        ts += 160 * on
        silence(gap)
    return out


def multimon_digits(pcm8k, workdir, tag):
    """The digits multimon-ng hears in 8 kHz PCM, in order."""
    w = Path(workdir)
    src, dst = w / f'{tag}.8k.raw', w / f'{tag}.22k.raw'
    media.write_pcm(src, pcm8k)
    run(['sox', '-t', 'raw', '-r', '8000', '-e', 'signed', '-b', '16', '-c', '1', src,
         '-t', 'raw', '-r', '22050', '-e', 'signed', '-b', '16', '-c', '1', dst], timeout=60)
    p = subprocess.run(['multimon-ng', '-q', '-a', 'DTMF', '-t', 'raw', str(dst)],
                       capture_output=True, text=True, timeout=60)
    return ''.join(line.split(':', 1)[1].strip() for line in p.stdout.splitlines()
                   if line.startswith('DTMF:'))


def tshark_events(pcap, port, durations=False):
    """RFC 4733 events tshark decodes on UDP port `port` (as RTP): a list of
    (rtp timestamp, digit, end) in capture order (with durations: and the event's
    duration field, in timestamp units, last)."""
    out = run(['tshark', '-n', '-r', pcap, '-d', f'udp.port=={port},rtp', '-Y', 'rtpevent',
               '-T', 'fields', '-e', 'rtp.timestamp', '-e', 'rtpevent.event_id',
               '-e', 'rtpevent.end_of_event', '-e', 'rtpevent.duration'], timeout=60).stdout
    ev = []
    for line in out.splitlines():
        f = line.split('\t')
        if len(f) >= 4 and f[1]:
            end = f[2].strip().lower() in ('1', 'true')
            e = (int(f[0]), DIGIT.get(int(f[1]), '?'), end)
            ev.append(e + (int(f[3]),) if durations else e)
    return ev


def event_digits(events):
    """One digit per distinct event timestamp, in order."""
    seen, out = set(), ''
    for ts, d, _ in events:
        if ts not in seen:
            seen.add(ts)
            out += d
    return out
