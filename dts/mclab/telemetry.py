"""A minimal DPDK telemetry v2 client (SOCK_SEQPACKET), independent of mcctl so the
suites can still drive media-core when mcctl is missing or broken."""
import json
import socket

RUNTIME_DIR = '/var/run/dpdk'
MAX_REQUEST = 1024  # DPDK telemetry reads at most this much per request


class TelemetryError(AssertionError):
    pass


def socket_path(file_prefix):
    return f'{RUNTIME_DIR}/{file_prefix}/dpdk_telemetry.v2'


class Telemetry:
    """One connection. Use as a context manager, or call() for a one-shot request."""

    def __init__(self, path, timeout=5.0):
        self.path, self.timeout = path, timeout
        self.sock = None
        self.greeting = None

    def connect(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        s.settimeout(self.timeout)
        try:
            s.connect(self.path)
            self.greeting = json.loads(s.recv(65536))
        except BaseException:
            s.close()
            raise
        self.max_output = int(self.greeting.get('max_output_len', 16384))
        self.sock = s
        return self

    def close(self):
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    def __enter__(self):
        return self.connect()

    def __exit__(self, *exc):
        self.close()

    def request(self, cmd, params=None):
        """Sends cmd (e.g. '/mc/ports') with an optional JSON-able parameter and returns
        the inner reply object. Error replies are returned as they are (callers assert
        on them); transport problems raise."""
        req = cmd if params is None else f'{cmd},{json.dumps(params, separators=(",", ":"))}'
        data = req.encode()
        if len(data) >= MAX_REQUEST:
            raise TelemetryError(f'request of {len(data)} bytes would be truncated by telemetry')
        self.sock.send(data)
        raw = self.sock.recv(max(self.max_output, 16384) + 1024)
        if not raw:
            raise TelemetryError(f'{cmd}: connection closed without a reply')
        try:
            reply = json.loads(raw)
        except ValueError as e:
            raise TelemetryError(f'{cmd}: reply is not JSON: {raw[:200]!r}') from e
        key = cmd.split(',', 1)[0]
        if not isinstance(reply, dict) or key not in reply:
            raise TelemetryError(f'{cmd}: unexpected reply {reply!r:.300}')
        return reply[key]


def call(path, cmd, params=None, timeout=5.0):
    with Telemetry(path, timeout) as t:
        return t.request(cmd, params)
