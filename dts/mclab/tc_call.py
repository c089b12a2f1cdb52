"""One transcoded call with real endpoints, both directions at once, and what the wire
and the endpoints saw: leg a's remote (namespace A) speaks codec X, leg b's (namespace B)
codec Y. Senders are ffmpeg where ffmpeg can encode the codec, else paced crafted packets
(G.729 from bcg729); receivers are ffmpeg where its RTP demuxer knows the codec. Captures
on both taps hold what each sender sent and what media-core sent back."""
from dataclasses import dataclass, field

from . import media, rtpcap, tc_media, tc_send
from .call import Call, leg
from .capture import Capture
from .paths import build_dir
from .wait import wait_until

SSRC = {'a': 0xA1A1A1A1, 'b': 0xB2B2B2B2}
CODEC_TOOL = build_dir() / 'tests' / 'codec' / 'mc_codec_tool'


@dataclass
class Direction:
    src: str                # 'a' or 'b': the side whose remote sends
    dst: str
    codec_in: tc_media.Codec
    codec_out: tc_media.Codec
    pcm: list               # what the sender encoded, 8 kHz
    sent: list = field(default_factory=list)      # Rtp the sender sent (src tap)
    out: list = field(default_factory=list)       # Rtp media-core sent (dst tap)
    live: list = None       # the dst ffmpeg receiver's decoding, 8 kHz (None: none ran)


def addr(side, port):
    return f'{side.ip}:{port}'


class TcCall:
    """create() the call, run(pcm_a, pcm_b) the media, then read .dirs, .stats."""

    def __init__(self, lab, senders, workdir, sid, x, y, ports=(42000, 42002),
                 leg_a=None, leg_b=None, ptimes=(20, 20)):
        self.lab, self.senders, self.workdir = lab, senders, workdir
        self.codec = {'a': x, 'b': y}
        self.port = {'a': ports[0], 'b': ports[1]}
        self.side = {'a': lab.a, 'b': lab.b}
        self.ptime = {'a': ptimes[0], 'b': ptimes[1]}
        self.call = Call(lab.mc, sid, [
            leg('a', lab.a, ports[0], codecs=[x.api()], latching=False, ptime=ptimes[0],
                **(leg_a or {})),
            leg('b', lab.b, ports[1], codecs=[y.api()], latching=False, ptime=ptimes[1],
                **(leg_b or {}))])
        self.dirs, self.stats, self.pcaps, self.sender_log = {}, {}, {}, {}
        self.lost = {}

    def ep(self, k):
        return addr(self.side[k], self.port[k])

    def create(self):
        self.call.create()
        self.call.wait_resolved()
        return self

    def _start_sender(self, k, pcm, impair=None):
        """ffmpeg where it can encode the codec and no impairment is asked for; else the
        payloads on a schedule (impair(schedule) -> (schedule, lost) may change it)."""
        c, side = self.codec[k], self.side[k]
        raw = media.write_pcm(self.workdir / f'in_{k}.raw', pcm)
        assert self.ptime[k] == 20 or (c.ff_enc and impair is None), 'crafted: 20 ms only'
        if c.ff_enc and impair is None:
            return tc_media.start_sender(self.senders[k], self.workdir, f'send_{k}', raw, c,
                                         self.call.local(k), self.port[k], SSRC[k],
                                         ptime=self.ptime[k])
        if c.name == 'G729':
            assert CODEC_TOOL.exists(), f'{CODEC_TOOL} not built'
            pls = tc_media.encode_bcg729(CODEC_TOOL, pcm)
        else:
            assert c.name in ('PCMU', 'PCMA'), f'no crafted sender for {c.name}'
            law = media.mulaw_reference(raw, self.workdir / f'in_{k}.ul') \
                if c.name == 'PCMU' else tc_media.alaw_reference(raw, self.workdir)
            pls = [law[i:i + 160] for i in range(0, len(law) // 160 * 160, 160)]
        timed = tc_send.audio_stream(side, self.ep(k), self.call.local(k), pls, c.pt,
                                     c.ts_step(), ssrc=SSRC[k], bye=True)
        if impair is not None:
            timed, self.lost[k] = impair(timed)
        return tc_send.start_timed(side, timed, self.workdir / f'send_{k}.pcap')

    def run(self, pcm, impair=None, timeout=180, during=None):
        """pcm: {'a': samples or None, 'b': ...} at 8 kHz; None: that side stays silent.
        impair: {'a': function} a bad network for that side's packets (tc_send.impair).
        during: called with this object once the senders run (e.g. a mid-call update)."""
        w = self.workdir
        caps = {k: Capture(s.ns, s.ifname, w / f'{k}.pcap', ['udp']).start()
                for k, s in self.side.items()}
        self.pcaps = {k: str(w / f'{k}.pcap') for k in caps}
        rx, tx = {}, {}
        try:
            for k in ('a', 'b'):
                other = 'b' if k == 'a' else 'a'
                if pcm.get(other) is not None and self.codec[k].name != 'G729':
                    s = self.side[k]
                    rx[k] = tc_media.start_receiver(s.ns, w, f'recv_{k}', s.ip, self.port[k],
                                                    self.codec[k])
            for k in ('a', 'b'):
                if pcm.get(k) is not None:
                    tx[k] = self._start_sender(k, pcm[k], (impair or {}).get(k))
            if during is not None:
                during(self)
            for k, p in tx.items():
                assert p.wait(timeout) == 0, f'sender {k} failed: {p.log_text()}'
                self.sender_log[k] = p.log_text()
            self._wait_quiet()
        finally:
            for p in [*tx.values(), *rx.values()]:
                p.stop()
            pk = {k: c.stop() for k, c in caps.items()}
        info = self.call.info()
        self.stats = {lg['name']: lg['stats'] for lg in info['legs']}
        self.info = info
        for k in ('a', 'b'):
            if pcm.get(k) is None:
                continue
            d = 'b' if k == 'a' else 'a'
            dr = Direction(k, d, self.codec[k], self.codec[d], pcm[k])
            dr.sent = rtpcap.rtp_packets(pk[k], src=self.ep(k), dst=self.call.local(k))
            dr.out = rtpcap.rtp_packets(pk[d], src=self.call.local(d), dst=self.ep(d))
            if d in rx:
                dr.live = tc_media.from_bytes(rx[d].out.read_bytes()) if rx[d].out.exists() \
                    else []
            self.dirs[k] = dr
        return self

    def _wait_quiet(self, timeout=30):
        """Until media-core has stopped sending (its tx counters hold still)."""
        last = [None]

        def still():
            now = tuple(self.call.stats(k)['tx_packets'] for k in ('a', 'b'))
            same, last[0] = now == last[0], now
            return same
        wait_until(still, timeout, interval=0.5, what='media-core output to end')

    def decoded_out(self, k):
        """What media-core sent for direction k, decoded by ffmpeg from the payloads."""
        dr = self.dirs[k]
        return tc_media.decode_payloads(dr.codec_out, [r.payload for r in dr.out],
                                        self.workdir, f'out_{k}')

    def decoded_in(self, k):
        dr = self.dirs[k]
        return tc_media.decode_payloads(dr.codec_in, [r.payload for r in dr.sent],
                                        self.workdir, f'sent_{k}')

    def close(self):
        self.call.close()

    def __enter__(self):
        return self.create()

    def __exit__(self, *exc):
        if self.lab.mc.running():
            self.close()
