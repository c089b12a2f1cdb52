"""Running a command with a bound, and a failure message that carries its output."""
import subprocess


class CmdError(AssertionError):
    def __init__(self, argv, rc, out, err):
        self.argv, self.rc, self.out, self.err = argv, rc, out, err
        super().__init__(f'{" ".join(map(str, argv))} -> exit {rc}\n'
                         f'stdout: {out.strip()[-2000:]}\nstderr: {err.strip()[-2000:]}')


def run(argv, timeout=30, check=True, input=None):
    """Runs argv (no shell), returns CompletedProcess with text stdout/stderr.

    A command that outlives timeout is killed and reported as a CmdError (rc None).
    """
    argv = [str(a) for a in argv]
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=timeout,
                           input=input)
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or '')
        err = e.stderr.decode() if isinstance(e.stderr, bytes) else (e.stderr or '')
        raise CmdError(argv, None, out, err + f'\n(killed after {timeout}s)') from None
    if check and p.returncode != 0:
        raise CmdError(argv, p.returncode, p.stdout, p.stderr)
    return p
