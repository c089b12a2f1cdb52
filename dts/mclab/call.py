"""Calls through media-core's control API, as session-core would make them, and its
events log. Every reply is checked: an error reply fails the test with its message."""
from .wait import wait_until

PCMU = {'pt': 0, 'name': 'PCMU', 'rate': 8000}
PCMA = {'pt': 8, 'name': 'PCMA', 'rate': 8000}


def tevent(pt):
    return {'pt': pt, 'name': 'telephone-event', 'rate': 8000}


def leg(name, side, port, codecs=(PCMU,), **kw):
    """A leg whose remote is the lab side's namespace address at port."""
    d = {'name': name, 'interface': side.port, 'remote': f'{side.ip}:{port}',
         'codecs': list(codecs)}
    d.update(kw)
    return d


def ok(reply, what):
    assert isinstance(reply, dict) and 'error' not in reply, f'{what} failed: {reply}'
    return reply


class Call:
    """One session: create() with the request, then info/update/destroy by its id."""

    def __init__(self, mc, sid, legs, **extra):
        self.mc, self.id = mc, sid
        self.request = {'id': sid, 'legs': legs, **extra}
        self.reply = None
        self.final = None

    def create(self):
        self.reply = ok(self.mc.telemetry('/mc/session/create', self.request), 'create')
        return self

    def local(self, name):
        """Where the remote of leg `name` must send RTP ("ip:port")."""
        return self._leg(self.reply, name)['local']

    def rtcp(self, name):
        return self._leg(self.reply, name)['rtcp']

    @staticmethod
    def _leg(reply, name):
        found = [lg for lg in reply['legs'] if lg['name'] == name]
        assert found, f'no leg {name} in {reply}'
        return found[0]

    def info(self):
        return ok(self.mc.telemetry('/mc/session/info', {'id': self.id}), 'info')

    def stats(self, name):
        return self._leg(self.info(), name)['stats']

    def update(self, legs, **extra):
        req = {'id': self.id, 'legs': legs, **extra}
        self.reply = ok(self.mc.telemetry('/mc/session/update', req), 'update')
        return self.reply

    def destroy(self):
        self.final = ok(self.mc.telemetry('/mc/session/destroy', {'id': self.id}), 'destroy')
        return self.final

    def final_stats(self, name):
        found = [lg for lg in self.final['legs'] if lg['name'] == name]
        assert found, f'no leg {name} in the destroy reply {self.final}'
        lg = found[0]
        return lg.get('stats', lg)

    def wait_resolved(self, timeout=20):
        """Until media-core knows the next-hop MAC of every leg with a remote."""
        def resolved():
            return all(lg['stats']['mac_resolved'] for lg in self.info()['legs']
                       if lg.get('remote'))
        wait_until(resolved, timeout, interval=0.1, what=f'{self.id}: remote MACs resolved')
        return self

    def wait_stat(self, name, key, at_least, timeout=30):
        return wait_until(lambda: self.stats(name)[key] >= at_least and self.stats(name),
                          timeout, interval=0.1, what=f'{self.id}.{name}.{key} >= {at_least}')

    def close(self):
        """Destroys the session if it still exists (teardown; errors ignored)."""
        if self.final is None and self.reply is not None:
            self.mc.telemetry('/mc/session/destroy', {'id': self.id})

    def __enter__(self):
        return self.create()

    def __exit__(self, *exc):
        if self.mc.running():
            self.close()


def last_event_seq(mc):
    # Asking for events after a seq not yet reached returns none, with "last" the newest.
    return ok(mc.telemetry('/mc/events', {'after': 2 ** 53}), 'events')['last']


def events_after(mc, after, sid=None):
    """All events after seq `after` (paging through the log), optionally of one session."""
    out = []
    while True:
        r = ok(mc.telemetry('/mc/events', {'after': after}), 'events')
        out += r['events']
        after = r['last']
        if not r.get('more'):
            break
    return [e for e in out if sid is None or e['id'] == sid]


def wait_event(mc, after, sid, etype, leg=None, timeout=30):
    """The first event of a type (and leg) for a session after seq `after`."""
    def found():
        for e in events_after(mc, after, sid):
            if e['type'] == etype and (leg is None or e['leg'] == leg):
                return e
        return None
    return wait_until(found, timeout, interval=0.1, what=f'{sid}: {etype} event {leg or ""}')
