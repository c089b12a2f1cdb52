"""tcpdump inside a namespace, started and stopped with bounds."""
import signal
import subprocess
from pathlib import Path

from .wait import wait_until


class Capture:
    def __init__(self, ns, ifname, pcap_path, bpf=()):
        self.ns, self.ifname = ns, ifname
        self.path = Path(pcap_path)
        self.err_path = self.path.with_suffix('.tcpdump.log')
        self.bpf = list(bpf)
        self.proc = None

    def start(self, timeout=15):
        # -U and --immediate-mode: otherwise the tail of the capture stays in buffers.
        # -Z root: tcpdump would drop to its own user before opening the output file.
        argv = ['tcpdump', '-i', self.ifname, '-n', '-U', '--immediate-mode', '-Z', 'root',
                '-w', self.path, *self.bpf]
        with open(self.err_path, 'wb') as err:
            self.proc = self.ns.popen(argv, stdout=subprocess.DEVNULL, stderr=err)
        def listening():
            if self.proc.poll() is not None:
                raise RuntimeError(f'tcpdump exited: {self.err_path.read_text()}')
            return 'listening on' in self.err_path.read_text()
        wait_until(listening, timeout, what=f'tcpdump on {self.ifname}', fatal=(RuntimeError,))
        return self

    def stop(self, timeout=15):
        """Stops tcpdump and returns the captured packets (scapy)."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        return self.packets()

    def packets(self):
        from scapy.utils import rdpcap
        return list(rdpcap(str(self.path))) if self.path.exists() and self.path.stat().st_size else []

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
