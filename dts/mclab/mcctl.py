"""mcctl, the operator CLI, run against one media-core instance."""
import json

from .cmd import run
from .paths import mcctl_bin


class Mcctl:
    def __init__(self, file_prefix, binary=None, timeout=15):
        self.prefix = file_prefix
        self.binary = binary or mcctl_bin()
        self.timeout = timeout

    def available(self):
        return self.binary.is_file()

    def run(self, *args, json_out=False, check=True):
        argv = [self.binary, '--file-prefix', self.prefix]
        if json_out:
            argv.append('--json')
        return run([*argv, *args], timeout=self.timeout, check=check)

    def text(self, *args):
        """Human output of a successful command."""
        return self.run(*args).stdout

    def json(self, *args):
        """--json output of a successful command, parsed (one JSON document)."""
        return json.loads(self.run(*args, json_out=True).stdout)
