"""tc netem on one interface of a lab namespace: loss, delay, jitter, reordering on
what leaves it. A context manager; the qdisc is removed on exit, also after a failure."""
import shlex


class Netem:
    def __init__(self, ns, ifname, spec='loss 5% delay 30ms 15ms reorder 10% 50%'):
        self.ns, self.ifname, self.spec = ns, ifname, spec
        self.active = False

    def __enter__(self):
        self.ns.run(['tc', 'qdisc', 'add', 'dev', self.ifname, 'root', 'netem',
                     *shlex.split(self.spec)])
        self.active = True
        return self

    def __exit__(self, *exc):
        if self.active:
            self.ns.run(['tc', 'qdisc', 'del', 'dev', self.ifname, 'root'], check=False)
            self.active = False

    def present(self):
        out = self.ns.run(['tc', 'qdisc', 'show', 'dev', self.ifname]).stdout
        return 'netem' in out
