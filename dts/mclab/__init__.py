"""mclab: helpers for media-core's end-to-end suites (dts/).

Everything here bounds its waits: a lab that hangs is worse than one that fails.
"""
from .paths import repo_root, build_dir, media_core_bin, mcctl_bin
from .wait import wait_until, WaitTimeout
from .cmd import run, CmdError
from .netns import Netns, sweep_stale, unique_tag
from .telemetry import Telemetry, TelemetryError
from .config import Config, lab_config
from .mediacore import MediaCore, MediaCoreError
from .mcctl import Mcctl
from .lab import Lab

__all__ = [
    'repo_root', 'build_dir', 'media_core_bin', 'mcctl_bin',
    'wait_until', 'WaitTimeout', 'run', 'CmdError',
    'Netns', 'sweep_stale', 'unique_tag',
    'Telemetry', 'TelemetryError', 'Config', 'lab_config',
    'MediaCore', 'MediaCoreError', 'Mcctl', 'Lab',
]
