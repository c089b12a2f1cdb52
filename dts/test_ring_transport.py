"""Ring transport: mcctl --ring attaches to media-core as a DPDK secondary and drives the
control API through named rte_rings. Same commands, same replies as the telemetry socket;
no 1 KB request limit; a client waiting on a media-core that dies gets a transport error
within its timeout. media-core runs on net_null ports, with hugepages (a secondary process
cannot attach to a --no-huge primary)."""
import json
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from mclab import MediaCore, Mcctl, run, wait_until
from mclab.config import Config
from mclab.netns import unique_tag
from mclab.telemetry import RUNTIME_DIR

MEMORY_MB = 256
HUGEPAGE_DIR = Path('/dev/hugepages')


def hugepages_missing():
    """Why a hugepage-backed primary cannot start here, or None."""
    mounts = Path('/proc/mounts').read_text().split('\n')
    if not any(f' {HUGEPAGE_DIR} hugetlbfs ' in m for m in mounts):
        return f'no hugetlbfs mounted on {HUGEPAGE_DIR} (scripts/setup.sh mounts it)'
    info = dict(line.split(':', 1) for line in Path('/proc/meminfo').read_text().splitlines())
    free = int(info['HugePages_Free'].strip())
    size_kb = int(info['Hugepagesize'].strip().split()[0])
    if free * size_kb < MEMORY_MB * 1024:
        return f'{free} free hugepages of {size_kb} kB: {MEMORY_MB} MB needed'
    return None


def null_config():
    return Config({
        'general': {'log_level': 'info', 'idle_sleep_us': 100},
        'lcores': {'control': 0, 'workers': '1'},
        'mempool': {'mbufs': 4096, 'cache': 128},
        'media': {'port_min': 30000, 'port_max': 39999},
        'port0': {'dev': 'net_null0', 'address': '10.96.0.254/24'},
        'port1': {'dev': 'net_null1', 'address': '10.97.0.254/24'},
    })


def remove_prefix_files(prefix):
    """A primary leaves its hugepage files behind, and a killed one its runtime dir."""
    for f in HUGEPAGE_DIR.glob(f'{prefix}map_*'):
        f.unlink(missing_ok=True)
    shutil.rmtree(f'{RUNTIME_DIR}/{prefix}', ignore_errors=True)


def start_media_core(workdir):
    mc = MediaCore(null_config(), workdir, memory_mb=MEMORY_MB)
    mc.argv.remove('--no-huge')
    try:
        mc.start()
    except BaseException:
        mc.cleanup()
        remove_prefix_files(mc.prefix)
        raise
    return mc


@pytest.fixture(scope='module')
def hugepages(need_root):
    why = hugepages_missing()
    if why:
        pytest.skip(why)


@pytest.fixture(scope='module')
def mc(hugepages, tmp_path_factory):
    mc = start_media_core(tmp_path_factory.mktemp('ring'))
    try:
        yield mc
        alive = mc.running()
        rc, killed = mc.stop()
        assert alive, f'media-core died during the module\n{mc.log_tail()}'
        assert rc == 0 and not killed, f'unclean stop (exit {rc}, killed {killed})\n' \
                                       f'{mc.log_tail()}'
    finally:
        mc.cleanup()
        remove_prefix_files(mc.prefix)


@pytest.fixture(scope='module')
def ctl(mc):
    m = Mcctl(mc.prefix, timeout=30)
    if not m.available():
        pytest.fail(f'mcctl is not built at {m.binary}')
    return m


def both(ctl, *args, check=True):
    """(ring, telemetry) CompletedProcess of the same mcctl --json command."""
    return (ctl.run('--ring', *args, json_out=True, check=check),
            ctl.run(*args, json_out=True, check=check))


def shape(v):
    """The reply with every number replaced by its kind: counters move between calls."""
    if isinstance(v, dict):
        return {k: shape(x) for k, x in v.items()}
    if isinstance(v, list):
        return [shape(x) for x in v]
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return 'number'
    return v


def test_version_and_caps_equal_over_both(ctl):
    for cmd in ('version', 'caps'):
        ring, tel = both(ctl, cmd)
        assert json.loads(ring.stdout) == json.loads(tel.stdout), cmd
    assert json.loads(ring.stdout)['codecs'], 'caps lists no codec'


@pytest.mark.parametrize('cmd', ['ports', 'lcores', 'stats', 'neighbors'])
def test_engine_replies_equal_modulo_counters(ctl, cmd):
    ring, tel = both(ctl, cmd)
    r, t = json.loads(ring.stdout), json.loads(tel.stdout)
    assert shape(r) == shape(t)
    assert r, f'{cmd}: empty reply'
    if cmd == 'ports':
        assert [p['name'] for p in r['ports']] == ['port0', 'port1']
        assert [p['mac'] for p in r['ports']] == [p['mac'] for p in t['ports']]


def test_human_output_over_ring(ctl):
    out = ctl.run('--ring', 'ports').stdout
    assert 'port0' in out and 'net_null' in out


def test_unknown_command_same_error(ctl):
    ring, tel = both(ctl, 'call', '/mc/nosuch', check=False)
    assert ring.returncode == tel.returncode == 1, (ring, tel)
    assert json.loads(ring.stdout) == json.loads(tel.stdout)
    assert json.loads(ring.stdout)['error']['code'] == 'EINVAL'
    assert 'unknown command' in json.loads(ring.stdout)['error']['message']


def test_bad_parameter_same_error(ctl):
    # A valid JSON object, but not the fields session/info wants.
    ring, tel = both(ctl, 'call', '/mc/session/info', '{"id": 5}', check=False)
    assert ring.returncode == tel.returncode == 1, (ring, tel)
    assert json.loads(ring.stdout) == json.loads(tel.stdout)


def raw_telemetry(mc, request):
    """One request on the socket, bypassing every client-side length check."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as s:
        s.settimeout(10)
        s.connect(mc.socket_path)
        s.recv(4096)
        s.send(request.encode())
        return json.loads(s.recv(65536))


def test_long_parameter_refused_by_telemetry_parsed_by_ring(ctl, mc, tmp_path):
    param = json.dumps({'pad': 'x' * 20000})
    tel = ctl.run('call', '/mc/version', param, json_out=True, check=False)
    assert tel.returncode == 2 and 'telemetry limit' in tel.stderr, tel
    raw = raw_telemetry(mc, f'/mc/version,{param}')['/mc/version']
    assert raw['error']['code'] == 'EINVAL' and 'limit' in raw['error']['message'], raw
    ring = ctl.run('--ring', 'call', '/mc/version', param, json_out=True)
    assert json.loads(ring.stdout)['version'], ring.stdout


def long_session(sid):
    """Both legs: 11 codecs media-core does not know, with long fmtp, then PCMU. Only a
    parser that read every byte finds PCMU, the one it can choose (relay)."""
    def codecs():
        unknown = [{'pt': 96 + i, 'name': f'X-LAB-{i}', 'rate': 48000, 'channels': 2,
                    'fmtp': f'profile={i};' + 'k=v;' * 20} for i in range(11)]
        return unknown + [{'pt': 0, 'name': 'PCMU', 'rate': 8000}]
    return {'id': sid, 'legs': [
        {'name': 'a', 'interface': 'port0', 'remote': '10.96.0.1:40000', 'codecs': codecs()},
        {'name': 'b', 'interface': 'port1', 'remote': '10.97.0.1:40002', 'codecs': codecs()},
    ]}


def test_session_larger_than_1k_created_over_ring(ctl, mc, tmp_path):
    if '/mc/session/create' not in mc.telemetry('/'):
        pytest.skip('media-core has no /mc/session/create yet')
    sid = f'ring-{unique_tag()}'
    path = tmp_path / 'session.json'
    path.write_text(json.dumps(long_session(sid)))
    assert path.stat().st_size > 2048
    tel = ctl.run('session', 'create', '--json', f'@{path}', json_out=True, check=False)
    assert tel.returncode == 2 and 'telemetry limit' in tel.stderr, tel
    reply = json.loads(ctl.run('--ring', 'session', 'create', '--json', f'@{path}',
                               json_out=True).stdout)
    try:
        assert reply['id'] == sid and reply['mode'] == 'relay', reply
        assert [leg['codec']['name'] for leg in reply['legs']] == ['PCMU', 'PCMU'], reply
        listed = json.loads(ctl.run('session', 'list', json_out=True).stdout)
        assert sid in listed['ids']
    finally:
        ctl.run('--ring', 'session', 'destroy', sid, json_out=True, check=False)
    info = ctl.run('session', 'info', sid, json_out=True, check=False)
    assert info.returncode == 1 and 'ENOENT' in info.stdout, info


def main_thread_sleeping(pid):
    """The client's wait loop naps in clock_nanosleep (syscall 230); EAL start-up waits
    on futexes instead, so this says the request is out and the client is waiting."""
    try:
        return Path(f'/proc/{pid}/syscall').read_text().split()[0] in ('230', '35')
    except (OSError, IndexError):
        return False


def test_client_gets_transport_error_when_media_core_dies(hugepages, tmp_path):
    mc = start_media_core(tmp_path / 'mc')
    ctl = Mcctl(mc.prefix)
    client = None
    try:
        # Stopped, media-core cannot answer: the client's request stays queued.
        mc.send_signal(signal.SIGSTOP)
        client = subprocess.Popen([str(ctl.binary), '--file-prefix', mc.prefix, '--ring',
                                   '--timeout', '60', 'stats'], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        wait_until(lambda: main_thread_sleeping(client.pid) or client.poll() is not None,
                   40, interval=0.05, what='mcctl --ring waiting for its reply')
        assert client.poll() is None, f'mcctl exited early: {client.communicate()}'
        killed_at = time.monotonic()
        mc.send_signal(signal.SIGKILL)
        out, err = client.communicate(timeout=30)
        waited = time.monotonic() - killed_at
        assert client.returncode == 2, (out, err)
        assert 'media-core exited before replying' in err, err
        assert waited < 60, f'mcctl returned {waited:.1f}s after media-core died'
        assert out == ''
    finally:
        if client is not None and client.poll() is None:
            client.kill()
            client.wait(10)
        mc.send_signal(signal.SIGKILL)
        mc.cleanup()
        remove_prefix_files(mc.prefix)


def proc_info(prefix, what):
    """dpdk-proc-info (another secondary) on media-core's shared memory."""
    if shutil.which('dpdk-proc-info') is None:
        pytest.skip('dpdk-proc-info is not installed')
    return run(['dpdk-proc-info', '--file-prefix', prefix, '--no-pci', '--log-level=error',
                '--', what], timeout=60).stdout


def ring_hygiene(prefix):
    """(free messages in the pool, names of reply rings still in shared memory)."""
    pools = proc_info(prefix, '--show-mempool')
    m = re.search(r'mempool <mc_ipc_msg>.*?common_pool_count=(\d+)', pools, re.S)
    assert m, f'no mc_ipc_msg pool in:\n{pools[-2000:]}'
    return int(m.group(1)), re.findall(r'ring <(mc_rsp_[^>]*)>', proc_info(prefix, '--show-ring'))


def test_clients_leave_no_ring_and_no_message(ctl, mc):
    for _ in range(3):
        ctl.run('--ring', 'stats', json_out=True)
    ctl.run('--ring', 'call', '/mc/nosuch', check=False)
    assert ring_hygiene(mc.prefix) == (64, [])


def test_reply_to_exited_client_returns_to_pool(hugepages, tmp_path):
    """A client that timed out and exited cannot take its reply: media-core frees the
    message and the client's ring when the reply is ready."""
    mc = start_media_core(tmp_path / 'mc')
    try:
        mc.send_signal(signal.SIGSTOP)
        p = Mcctl(mc.prefix, timeout=60).run('--ring', '--timeout', '1', 'version',
                                             check=False)
        assert p.returncode == 2 and 'no reply from media-core within 1000 ms' in p.stderr, p
        mc.send_signal(signal.SIGCONT)
        Mcctl(mc.prefix).run('--ring', 'version')   # served after the orphaned request
        assert ring_hygiene(mc.prefix) == (64, [])
    finally:
        mc.send_signal(signal.SIGCONT)
        mc.cleanup()
        remove_prefix_files(mc.prefix)


def test_ring_to_no_huge_media_core_says_why(need_root, tmp_path):
    mc = MediaCore(null_config(), tmp_path / 'mc', memory_mb=MEMORY_MB)   # --no-huge
    try:
        mc.start()
        p = Mcctl(mc.prefix).run('--ring', 'version', check=False)
        assert p.returncode == 2, p
        assert 'secondary' in p.stderr and '--no-huge' in p.stderr, p.stderr
        assert mc.running()
    finally:
        mc.cleanup()
        remove_prefix_files(mc.prefix)


def test_ring_to_absent_media_core_is_transport_error(hugepages):
    prefix = f'mcdts-{unique_tag()}-none'
    try:
        p = Mcctl(prefix).run('--ring', 'version', check=False)
        assert p.returncode == 2, p
        assert 'secondary' in p.stderr and prefix in p.stderr, p.stderr
    finally:
        remove_prefix_files(prefix)
