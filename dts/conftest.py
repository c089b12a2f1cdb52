"""Fixtures shared by the dts suites: root check, stale-lab sweep, the two-namespace lab,
and media-core log tails attached to failing tests."""
import os

import pytest

from mclab import Lab, Mcctl, sweep_stale
from mclab import mediacore


def _is_root():
    return os.geteuid() == 0


@pytest.fixture(scope='session', autouse=True)
def _sweep_stale_labs():
    """Removes what crashed runs left (namespaces, DPDK runtime dirs of dead owners) and,
    at the end, anything this run still owns: cleanup must not depend on every test
    reaching its own teardown."""
    if _is_root():
        sweep_stale()
    yield
    if _is_root():
        for mc in mediacore.INSTANCES:
            mc.cleanup()
        sweep_stale(only_pid=os.getpid())


@pytest.fixture(scope='session')
def need_root():
    if not _is_root():
        pytest.skip('dts lab suites need root (network namespaces, taps)')


@pytest.fixture(scope='module')
def lab(need_root, tmp_path_factory):
    """media-core on two taps, ns A (10.96.0.1) on port0 and ns B (10.97.0.1) on port1,
    shared by the tests of a module."""
    lab = Lab(tmp_path_factory.mktemp('lab'))
    with lab:
        yield lab
        # A crash between tests, or an unclean stop, is a failure of the module too.
        alive = lab.mc.running()
        rc, killed = lab.close()
        if not alive:
            pytest.fail(f'media-core died during the module (exit {rc})\n{lab.mc.log_tail()}')
        if killed or rc != 0:
            pytest.fail(f'media-core did not stop cleanly on SIGTERM (exit {rc}, '
                        f'killed {killed})\n{lab.mc.log_tail()}')


@pytest.fixture
def lab_factory(need_root, tmp_path):
    """Builds labs owned by one test (e.g. to stop media-core on purpose); all closed at
    teardown even if the test fails."""
    labs = []

    def make(**kw):
        lab = Lab(tmp_path / f'lab{len(labs)}', **kw)
        labs.append(lab)
        return lab.__enter__()
    yield make
    for lab in labs:
        lab.close()


@pytest.fixture
def mcctl(lab):
    m = Mcctl(lab.mc.prefix)
    if not m.available():
        pytest.fail(f'mcctl is not built at {m.binary}')
    return m


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    item.mc_first_instance = len(mediacore.INSTANCES)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On failure, the log tails of the media-core instances this test used: those it
    started and those still running (a module's lab)."""
    outcome = yield
    rep = outcome.get_result()
    if not rep.failed:
        return
    first = getattr(item, 'mc_first_instance', 0)
    for i, mc in enumerate(mediacore.INSTANCES):
        if mc.proc is not None and (i >= first or mc.running()):
            rep.sections.append((f'media-core {mc.prefix} log tail', mc.log_tail()))


def pytest_configure(config):
    config.addinivalue_line(
        'markers', 'dtmf: DTMF interworking suites (RFC 4733 and in-band tones)')
