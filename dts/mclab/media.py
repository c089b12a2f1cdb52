"""Real RTP endpoints: ffmpeg sending and receiving G.711 inside the lab's namespaces.

Sender: PCM from a file, paced at exactly one 20 ms packet per 20 ms (asetnsamples +
arealtime; -re bursts), PCMU over RTP with RTCP sender reports on port+1, and an RTCP BYE
at the end. Receiver: ffmpeg reading an SDP file; with `-c:a copy -f mulaw` it writes the
G.711 bytes it received, in RTP order, so the audio can be compared byte for byte with
what the sender encoded (G.711 is deterministic: ffmpeg's encoder, run offline on the
same PCM, gives the reference)."""
import array
import math
import signal
import subprocess
from pathlib import Path

from .cmd import run
from .wait import wait_until

FFMPEG = ('ffmpeg', '-hide_banner', '-nostdin', '-loglevel', 'warning', '-y')
RATE = 8000
FRAME = 160   # samples per 20 ms packet


def tone(seconds, freqs, amp=8000, rate=RATE):
    """A sum of sines (s16 samples), length a whole number of 20 ms frames."""
    n = int(round(seconds * rate / FRAME)) * FRAME
    k = amp / len(freqs)
    return [int(round(sum(k * math.sin(2 * math.pi * f * i / rate) for f in freqs)))
            for i in range(n)]


def write_pcm(path, samples):
    Path(path).write_bytes(array.array('h', samples).tobytes())
    return Path(path)


def read_pcm(path):
    a = array.array('h')
    data = Path(path).read_bytes()
    a.frombytes(data[:len(data) // 2 * 2])
    return list(a)


def pcm_input(path, rate=RATE):
    return ['-f', 's16le', '-ar', str(rate), '-ac', '1', '-i', str(path)]


def mulaw_reference(pcm_path, out_path):
    """What a PCMU sender puts on the wire for this PCM: ffmpeg's own encoder, offline."""
    run([*FFMPEG, *pcm_input(pcm_path), '-c:a', 'pcm_mulaw', '-f', 'mulaw', out_path],
        timeout=120)
    return Path(out_path).read_bytes()


def sdp(own_ip, port, pt=0, encoding='PCMU/8000'):
    """The receiver's SDP. The connection address is the receiver's own: ffmpeg sends
    its receiver reports there (to itself), not into media-core."""
    return (f'v=0\r\no=- 0 0 IN IP4 {own_ip}\r\ns=mcdts\r\nc=IN IP4 {own_ip}\r\n'
            f't=0 0\r\nm=audio {port} RTP/AVP {pt}\r\na=rtpmap:{pt} {encoding}\r\n')


class Ffmpeg:
    """One ffmpeg process in a namespace, output in <workdir>/<name>.log."""

    def __init__(self, ns, argv, workdir, name):
        self.ns, self.name = ns, name
        self.log = Path(workdir) / f'{name}.log'
        with open(self.log, 'wb') as err:
            self.proc = ns.popen(list(map(str, argv)), stdout=subprocess.DEVNULL,
                                 stderr=err, stdin=subprocess.DEVNULL)

    def running(self):
        return self.proc.poll() is None

    def wait(self, timeout):
        """Exit code, or None if it is still running after timeout."""
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self, timeout=10):
        """SIGINT (ffmpeg finishes its output), then SIGKILL. Returns the exit code."""
        if self.running():
            self.proc.send_signal(signal.SIGINT)
            if self.wait(timeout) is None:
                self.proc.kill()
                self.proc.wait(timeout=5)
        return self.proc.returncode

    def log_text(self):
        return self.log.read_text(errors='replace') if self.log.exists() else ''


def start_sender(ns, workdir, name, pcm_path, dest, local_port, ssrc, pt=0, bye=True):
    """ffmpeg sending PCMU from local_port (RTCP local_port+1) to dest ("ip:port")."""
    # ffmpeg's -ssrc is a signed 32-bit option.
    ssrc = ssrc - 2 ** 32 if ssrc >= 2 ** 31 else ssrc
    argv = [*FFMPEG, *pcm_input(pcm_path), '-af', f'asetnsamples=n={FRAME}:p=1,arealtime',
            '-c:a', 'pcm_mulaw', '-f', 'rtp', '-payload_type', pt, '-ssrc', ssrc]
    if bye:
        argv += ['-rtpflags', 'send_bye']
    argv.append(f'rtp://{dest}?localport={local_port}')
    return Ffmpeg(ns, argv, workdir, name)


def port_bound(ns, port):
    out = ns.run(['ss', '-Hunl', f'sport = :{port}'], check=False).stdout
    return bool(out.strip())


def start_receiver(ns, workdir, name, own_ip, port, pt=0, encoding='PCMU/8000',
                   out_args=('-c:a', 'copy', '-f', 'mulaw'), suffix='ul', timeout=20):
    """ffmpeg receiving RTP on port (RTCP port+1) from an SDP file; returns the process
    once its sockets are bound, with .out the path of what it writes."""
    sdp_path = Path(workdir) / f'{name}.sdp'
    sdp_path.write_text(sdp(own_ip, port, pt, encoding))
    out = Path(workdir) / f'{name}.{suffix}'
    argv = [*FFMPEG, '-protocol_whitelist', 'file,udp,rtp', '-i', sdp_path, *out_args, out]
    p = Ffmpeg(ns, argv, workdir, name)
    p.out = out

    def bound():
        if not p.running():
            raise RuntimeError(f'{name} exited: {p.log_text()}')
        return port_bound(ns, port) and port_bound(ns, port + 1)
    wait_until(bound, timeout, interval=0.1, what=f'{name} bound to {port}',
               fatal=(RuntimeError,))
    return p


def dominant_hz(samples, rate=RATE, lo=50, hi=3900, step=10):
    """The strongest frequency (Goertzel scan, step Hz) of up to one second of audio."""
    x = samples[:rate]
    best, best_p = 0, -1.0
    for f in range(lo, hi + 1, step):
        c = 2 * math.cos(2 * math.pi * f / rate)
        s1 = s2 = 0.0
        for v in x:
            s1, s2 = v + c * s1 - s2, s1
        p = s1 * s1 + s2 * s2 - c * s1 * s2
        if p > best_p:
            best, best_p = f, p
    return best


def describe_wav(path):
    """One line about a received WAV: duration, 20 ms packets' worth, dominant pitch."""
    import wave
    with wave.open(str(path)) as w:
        n, rate = w.getnframes(), w.getframerate()
        data = w.readframes(n)
    s = array.array('h')
    s.frombytes(data[:len(data) // 2 * 2])
    return (f'{n / rate:.2f} s of audio, {n * 50 // rate} packets of 20 ms, dominant '
            f'frequency {dominant_hz(list(s[len(s) // 3:]), rate)} Hz')


if __name__ == '__main__':
    import sys
    if len(sys.argv) == 3 and sys.argv[1] == 'describe':
        print(f'   {describe_wav(sys.argv[2])}')
    else:
        sys.exit('usage: python3 -m mclab.media describe FILE.wav')
