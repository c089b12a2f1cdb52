"""Self-tests of the lab framework, without media-core: if these fail, the suites that
rely on mclab cannot be trusted either."""
import configparser
import json
import os
import signal
import socket
import subprocess
import textwrap
import threading
from pathlib import Path

import pytest

from mclab import Netns, Telemetry, TelemetryError, WaitTimeout, lab_config, sweep_stale, wait_until
from mclab.capture import Capture
from mclab.inject import send_frames
from mclab.mediacore import MediaCore, MediaCoreError, run_to_exit
from mclab.netns import unique_tag


def _dead_pid():
    for pid in range(4194000, 4194300):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
    pytest.skip('no free pid found')


def test_wait_until_value_timeout_and_fatal():
    assert wait_until(lambda: 42, 1) == 42
    with pytest.raises(WaitTimeout):
        wait_until(lambda: False, 0.2)
    calls = []

    def boom():
        calls.append(1)
        raise KeyError('dead')
    with pytest.raises(KeyError):
        wait_until(boom, 5, fatal=(KeyError,))
    assert len(calls) == 1


def test_config_text_round_trips():
    cfg = lab_config('tapx', 'tapy').set('general', 'log_level', 'debug').unset('port1', 'address')
    ini = configparser.ConfigParser()
    ini.read_string(cfg.text())
    assert ini['port0']['dev'] == 'net_tap0,iface=tapx'
    assert ini['port0']['address'] == '10.96.0.254/24'
    assert ini['general']['log_level'] == 'debug'
    assert 'address' not in ini['port1'] and ini['lcores']['workers'] == '1'


def test_telemetry_client_against_fake_server(tmp_path):
    path = str(tmp_path / 'sock')
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    srv.bind(path)
    srv.listen(1)
    seen = []

    def serve():
        c, _ = srv.accept()
        c.send(b'{"version": "DPDK 22.11.11", "pid": 1, "max_output_len": 16384}')
        for _ in range(2):
            req = c.recv(2048).decode()
            seen.append(req)
            cmd = req.split(',', 1)[0]
            c.send(json.dumps({cmd: {'echo': req}}).encode())
        c.close()
    t = threading.Thread(target=serve, daemon=True)
    t.start()
    with Telemetry(path) as tc:
        assert tc.greeting['max_output_len'] == 16384
        assert tc.request('/mc/version') == {'echo': '/mc/version'}
        assert tc.request('/mc/x', {'id': 'a b', 'n': 1}) == {'echo': '/mc/x,{"id":"a b","n":1}'}
        with pytest.raises(TelemetryError):
            tc.request('/mc/x', {'pad': 'y' * 1100})
    t.join(5)
    srv.close()
    assert seen == ['/mc/version', '/mc/x,{"id":"a b","n":1}']


@pytest.mark.usefixtures('need_root')
def test_netns_create_delete_and_sweep():
    # Another run sweeping at the same time may remove these first: assert on what is
    # left, not on who removed it.
    dead = f'mcdts-{_dead_pid()}-{os.getpid()}-stale'
    subprocess.run(['ip', 'netns', 'add', dead], check=True)
    rt = Path(f'/var/run/dpdk/mcdts-{_dead_pid()}-{os.getpid()}')
    rt.mkdir(parents=True, exist_ok=True)
    ns = Netns('self').create()
    try:
        assert ns.run(['sysctl', '-n', 'net.ipv6.conf.default.disable_ipv6']).stdout.strip() == '1'
        sweep_stale()
        assert not Path(f'/run/netns/{dead}').exists() and not rt.exists()
        assert Path(f'/run/netns/{ns.name}').exists(), 'sweep removed a live owner\'s namespace'
    finally:
        ns.delete()
        subprocess.run(['ip', 'netns', 'del', dead], capture_output=True)
    assert not Path(f'/run/netns/{ns.name}').exists()


@pytest.mark.usefixtures('need_root')
def test_inject_and_capture_are_byte_exact(tmp_path):
    """Frames sent with send_frames arrive unchanged and in order at a Capture."""
    tag = unique_tag().replace('-', '')
    va, vb = f'mv{tag}a'[-15:], f'mv{tag}b'[-15:]
    with Netns('sa') as a, Netns('sb') as b:
        subprocess.run(['ip', 'link', 'add', va, 'type', 'veth', 'peer', 'name', vb], check=True)
        a.move_in(va)
        b.move_in(vb)
        a.configure(va, '10.99.0.1/24')
        b.configure(vb, '10.99.0.2/24')
        sent = [bytes.fromhex('026d63000099026d630000660800') + bytes([i]) * (i * 7)
                for i in range(20)] + [bytes.fromhex('026d63000099026d6300006688b5')]
        cap = Capture(b, vb, tmp_path / 'rx.pcap', bpf=['ether', 'src', '02:6d:63:00:00:66']).start()
        res = send_frames(a, va, sent + [b'\x01' * 6], tmp_path / 'tx.pcap', pace_every=4)
        got = wait_until(lambda: len(cap.packets()) >= len(sent) and cap.packets(), 10,
                         what='capture')
        cap.stop()
    assert res['sent'] == len(sent) and [e['index'] for e in res['errors']] == [len(sent)]
    assert [bytes(p) for p in got] == sent


FAKE_MC = textwrap.dedent('''\
    #!/usr/bin/python3
    import json, os, signal, socket, sys, time
    mode = os.environ['FAKE_MODE']
    prefix = sys.argv[sys.argv.index('--file-prefix') + 1]
    if mode == 'badcfg':
        sys.stderr.write('config: [port0] address: not an IPv4 prefix\\n')
        sys.exit(3)
    if mode == 'stubborn':
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    else:
        signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    d = f'/var/run/dpdk/{prefix}'
    os.makedirs(d, exist_ok=True)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.bind(d + '/dpdk_telemetry.v2')
    s.listen(4)
    print('fake media-core up', flush=True)
    for _ in range(100):
        c, _ = s.accept()
        c.send(b'{"version": "DPDK 22.11.11", "pid": 1, "max_output_len": 16384}')
        req = c.recv(1024).decode()
        c.send(json.dumps({req: {"version": "0.0-fake", "dpdk": "DPDK 22.11.11"}}).encode())
        c.close()
    ''')


@pytest.fixture
def fake_mc(tmp_path, monkeypatch):
    exe = tmp_path / 'fake-media-core'
    exe.write_text(FAKE_MC)
    exe.chmod(0o755)

    def make(mode):
        monkeypatch.setenv('FAKE_MODE', mode)
        return exe
    return make


@pytest.mark.usefixtures('need_root')
def test_mediacore_wrapper_lifecycle(fake_mc, tmp_path):
    mc = MediaCore(lab_config('x', 'y'), tmp_path / 'ok', binary=fake_mc('ok'))
    mc.start(ready_timeout=30)
    assert mc.telemetry('/mc/version')['version'] == '0.0-fake'
    assert mc.stop(signal.SIGTERM, timeout=10) == (0, False)
    mc.cleanup()
    assert not Path(f'/var/run/dpdk/{mc.prefix}').exists()
    assert 'fake media-core up' in mc.log_tail()

    stubborn = MediaCore(lab_config('x', 'y'), tmp_path / 'st', binary=fake_mc('stubborn'))
    stubborn.start(ready_timeout=30)
    rc, killed = stubborn.stop(signal.SIGTERM, timeout=1)
    assert killed and rc == -signal.SIGKILL
    stubborn.cleanup()

    rc, err, bad = run_to_exit(lab_config('x', 'y'), tmp_path / 'bad', binary=fake_mc('badcfg'))
    assert rc == 3 and '[port0] address' in err
    early = MediaCore(lab_config('x', 'y'), tmp_path / 'early', binary=fake_mc('badcfg'))
    with pytest.raises(MediaCoreError, match='exited with 3'):
        early.start(ready_timeout=30)
    assert 'not an IPv4 prefix' in early.log_tail()
    with pytest.raises(MediaCoreError, match='MC_BUILD_DIR'):
        MediaCore(lab_config('x', 'y'), tmp_path / 'none', binary=tmp_path / 'nope').start()
