# labtap.py: what the discovery test scripts share — TAP output, starting and stopping
# the mail lab, and running `mail-setup-cli discover` inside it.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

SOURCE_ROOT = os.environ.get("MS_SOURCE_ROOT") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
MAIL_LAB = os.path.join(SOURCE_ROOT, "tests", "lab", "mail-lab")
SCENARIOS = os.path.join(SOURCE_ROOT, "tests", "discovery", "scenarios")
CLI = os.environ.get("MAIL_SETUP_CLI") or os.path.join(
    os.environ.get("MS_BUILD_ROOT", os.path.join(SOURCE_ROOT, "_build")), "src", "mail-setup-cli")
EXIT_SKIP = 77


class Tap:
    """Prints TAP as it goes; the plan is printed at the end."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, desc, diag=None):
        self.n += 1
        if cond:
            print(f"ok {self.n} - {desc}", flush=True)
        else:
            self.failed += 1
            print(f"not ok {self.n} - {desc}", flush=True)
            if diag is not None:
                for line in str(diag).splitlines()[:60]:
                    print(f"#   {line}", flush=True)
        return bool(cond)

    def diag(self, text):
        for line in str(text).splitlines():
            print(f"# {line}", flush=True)

    def finish(self):
        print(f"1..{self.n}", flush=True)
        sys.exit(1 if self.failed else 0)


def skip_all(reason):
    print(f"1..0 # SKIP {reason}", flush=True)
    sys.exit(0)


class Lab:
    """A running mail lab; stopped when the script exits."""

    def __init__(self, scenario, prepare=None, scenarios=SCENARIOS):
        if os.geteuid() != 0:
            skip_all("needs root (the mail lab uses network namespaces)")
        if not os.access(CLI, os.X_OK):
            print(f"Bail out! mail-setup-cli not found at {CLI}", flush=True)
            sys.exit(1)
        self.tmp = tempfile.mkdtemp(prefix="ms-discovery-")
        self.dir = os.path.join(self.tmp, "lab")
        scenario_path = os.path.join(scenarios, scenario)
        if prepare is not None:
            # a private copy of the scenarios, for files made at run time
            copy = os.path.join(self.tmp, "scenarios")
            shutil.copytree(scenarios, copy)
            prepare(copy)
            scenario_path = os.path.join(copy, os.path.relpath(scenario_path, scenarios))
        atexit.register(self.stop)
        r = subprocess.run([MAIL_LAB, "start", scenario_path, self.dir],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode == EXIT_SKIP:
            skip_all("mail-lab: " + (r.stdout.strip().splitlines() or ["cannot run"])[-1])
        if r.returncode != 0:
            print("Bail out! mail-lab start failed", flush=True)
            for line in r.stdout.splitlines()[-40:]:
                print(f"# {line}", flush=True)
            sys.exit(1)
        self.status = json.loads(subprocess.run([MAIL_LAB, "status", self.dir, "--json"],
                                                stdout=subprocess.PIPE, text=True).stdout)

    def exec(self, argv, env=None, timeout=120):
        e = dict(os.environ)
        e.update({"LANGUAGE": "C", "LC_ALL": "C.UTF-8"})
        if env:
            e.update(env)
        return subprocess.run([MAIL_LAB, "exec", self.dir, "--"] + argv, env=e,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              timeout=timeout)

    def discover(self, address, *options):
        """Runs `discover --json` in the lab: (exit status, parsed JSON or None, seconds, stderr)."""
        start = time.monotonic()
        r = self.exec([CLI, "discover", "--json", *options, address])
        elapsed = time.monotonic() - start
        try:
            data = json.loads(r.stdout)
        except ValueError:
            data = None
        return r.returncode, data, elapsed, r.stderr

    def http_log(self):
        entries = []
        path = os.path.join(self.dir, "log", "http.log")
        if os.path.exists(path):
            with open(path, encoding="utf-8", errors="replace") as f:
                for line in f:
                    line = line.strip()
                    if line:
                        entries.append(json.loads(line))
        return entries

    def http_log_text(self):
        path = os.path.join(self.dir, "log", "http.log")
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def logins(self):
        r = subprocess.run([MAIL_LAB, "logins", self.dir, "--json"], stdout=subprocess.PIPE,
                           text=True)
        try:
            return json.loads(r.stdout)
        except ValueError:
            return None

    def stop(self):
        if self.tmp is None:
            return
        subprocess.run([MAIL_LAB, "stop", self.dir], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        if not os.environ.get("MS_KEEP_LAB"):
            shutil.rmtree(self.tmp, ignore_errors=True)
        self.tmp = None


def servers(data, key):
    return [(s["protocol"], s["host"], s["port"], s["security"]) for s in data.get(key, [])]


def trace_has(data, source, needle):
    return any(t["source"] == source and needle in t["result"] for t in data.get("trace", []))


def show(data):
    """A short description of a result for TAP diagnostics."""
    if data is None:
        return "no JSON"
    lines = [f"source={data.get('source')} needs_confirmation={data.get('needs_confirmation')} "
             f"incoming={servers(data, 'incoming')} outgoing={servers(data, 'outgoing')}"]
    for t in data.get("trace", []):
        if t["source"] == "guess" and t["result"].startswith("no:"):
            continue
        lines.append(f"{t['ms']:6d} ms {t['source']:<10} {t['target']}: {t['result']}")
    return "\n".join(lines)
