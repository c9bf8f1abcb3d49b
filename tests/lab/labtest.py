# labtest.py: what the test scripts that use the mail lab share — TAP output and a running
# mail lab (start, exec, logins, stop). The discovery (tests/discovery/labtap.py), check
# (tests/check/checklab.py) and export (tests/export/mstest.py) helpers build on it.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.realpath(__file__))
SOURCE_ROOT = os.environ.get("MS_SOURCE_ROOT") or os.path.abspath(os.path.join(HERE, "..", ".."))
MAIL_LAB = os.path.join(SOURCE_ROOT, "tests", "lab", "mail-lab")
CLI = os.environ.get("MAIL_SETUP_CLI") or os.path.join(
    os.environ.get("MS_BUILD_ROOT", os.path.join(SOURCE_ROOT, "_build")), "src", "cli", "mail-setup-cli")
EXIT_SKIP = 77


class Tap:
    """Prints TAP as it goes; the plan is printed at the end. A failed test shows at most
    max_diag lines of its diagnostics (None: all of them)."""

    def __init__(self, max_diag=60):
        self.n = 0
        self.failed = 0
        self.max_diag = max_diag

    def ok(self, cond, desc, diag=None):
        self.n += 1
        print(f"{'ok' if cond else 'not ok'} {self.n} - {desc}", flush=True)
        if not cond:
            self.failed += 1
            if diag is not None:
                for line in str(diag).splitlines()[:self.max_diag]:
                    print(f"#   {line}", flush=True)
        return bool(cond)

    def eq(self, actual, expected, desc):
        return self.ok(actual == expected, desc, f"got {actual!r}, want {expected!r}")

    def diag(self, text):
        for line in str(text).splitlines():
            print(f"# {line}", flush=True)

    def finish(self):
        print(f"1..{self.n}", flush=True)
        sys.exit(1 if self.failed else 0)


def skip_all(reason):
    print(f"1..0 # SKIP {reason}", flush=True)
    sys.exit(0)


def bail_out(reason, lines=()):
    print(f"Bail out! {reason}", flush=True)
    for line in lines:
        print(f"# {line}", flush=True)
    sys.exit(1)


class Lab:
    """A running mail lab, stopped when the script exits (or by stop()).

    scenario is a path, a name relative to the folder scenarios, or a name mail-lab knows
    itself. prepare(folder), if given, runs on a private copy of scenarios before the start,
    for scenario files made at run time."""

    def __init__(self, scenario, scenarios=None, prepare=None, prefix="ms-lab-", need_cli=True):
        if os.geteuid() != 0:
            skip_all("needs root (the mail lab uses network namespaces)")
        if need_cli and not os.access(CLI, os.X_OK):
            bail_out(f"mail-setup-cli not found at {CLI}")
        self.tmp = tempfile.mkdtemp(prefix=prefix)
        self.dir = os.path.join(self.tmp, "lab")
        path = scenario
        if scenarios is not None and not os.path.isabs(scenario):
            path = os.path.join(scenarios, scenario)
        if prepare is not None:
            copy = os.path.join(self.tmp, "scenarios")
            shutil.copytree(scenarios, copy)
            prepare(copy)
            path = os.path.join(copy, os.path.relpath(path, scenarios))
        atexit.register(self.stop)
        r = subprocess.run([MAIL_LAB, "start", path, self.dir],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode == EXIT_SKIP:
            self.stop()
            skip_all("mail-lab: " + (r.stdout.strip().splitlines() or ["cannot run"])[-1])
        if r.returncode != 0:
            self.stop()
            bail_out("mail-lab start failed", r.stdout.splitlines()[-40:])
        self.status = json.loads(subprocess.run([MAIL_LAB, "status", self.dir, "--json"],
                                                stdout=subprocess.PIPE, text=True).stdout)
        self.ca = self.status.get("ca")

    def exec(self, argv, stdin=None, env=None, timeout=120):
        """Runs argv inside the lab; env, if given, is added to this environment."""
        e = None
        if env:
            e = dict(os.environ)
            e.update(env)
        return subprocess.run([MAIL_LAB, "exec", self.dir, "--"] + argv, input=stdin, env=e,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              timeout=timeout)

    def logins(self, wait=None, timeout=3):
        """`mail-lab logins --json` parsed, or None; with wait, it first waits (at most
        timeout seconds) for that many attempts."""
        args = [MAIL_LAB, "logins", self.dir, "--json"]
        if wait is not None:
            args += ["--wait", str(wait), "--timeout", str(timeout)]
        r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            return json.loads(r.stdout)
        except ValueError:
            return None

    def stop(self):
        if self.tmp is None:
            return
        if os.path.isdir(self.dir):
            subprocess.run([MAIL_LAB, "stop", self.dir], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        if not os.environ.get("MS_KEEP_LAB"):
            shutil.rmtree(self.tmp, ignore_errors=True)
        self.tmp = None
