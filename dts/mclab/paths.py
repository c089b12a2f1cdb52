"""Where the repository and the built executables are.

MC_BUILD_DIR names the build directory; a relative value is taken from the repository
root (not the current directory) so suites behave the same wherever pytest is started.
"""
import os
from pathlib import Path


def repo_root() -> Path:
    return Path(__file__).resolve().parents[2]


def build_dir() -> Path:
    d = Path(os.environ.get('MC_BUILD_DIR', 'build'))
    return d if d.is_absolute() else repo_root() / d


def media_core_bin() -> Path:
    return build_dir() / 'app' / 'media-core' / 'media-core'


def mcctl_bin() -> Path:
    return build_dir() / 'app' / 'mcctl' / 'mcctl'
