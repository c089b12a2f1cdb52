"""media-core INI configuration, written from Python data.

Values are written verbatim (no validation) so tests can write bad configurations on
purpose."""
from pathlib import Path


class Config:
    def __init__(self, sections=None):
        # dict of section -> dict of key -> value; insertion order is file order
        self.sections = {s: dict(kv) for s, kv in (sections or {}).items()}

    def set(self, section, key, value):
        self.sections.setdefault(section, {})[key] = value
        return self

    def unset(self, section, key=None):
        if key is None:
            self.sections.pop(section, None)
        else:
            self.sections.get(section, {}).pop(key, None)
        return self

    def text(self):
        out = []
        for sec, kv in self.sections.items():
            out.append(f'[{sec}]')
            out.extend(f'{k} = {v}' for k, v in kv.items())
            out.append('')
        return '\n'.join(out)

    def write(self, path):
        Path(path).write_text(self.text())
        return Path(path)


def lab_config(tap_a, tap_b, workers='1', log_level='info', idle_sleep_us=100):
    """The two-tap lab: port0 on tap_a (10.96.0.254/24), port1 on tap_b (10.97.0.254/24)."""
    return Config({
        'general': {'log_level': log_level, 'idle_sleep_us': idle_sleep_us},
        'lcores': {'control': 0, 'workers': workers},
        'mempool': {'mbufs': 8192, 'cache': 256},
        'media': {'port_min': 30000, 'port_max': 39999},
        'port0': {'dev': f'net_tap0,iface={tap_a}', 'address': '10.96.0.254/24'},
        'port1': {'dev': f'net_tap1,iface={tap_b}', 'address': '10.97.0.254/24'},
    })
