# checklab.py: what the account-check lab tests share — TAP output, the mail lab, running
# `mail-setup-cli check` inside it, counting login attempts, and the hostile fake server.
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

HERE = os.path.dirname(os.path.realpath(__file__))
SOURCE_ROOT = os.environ.get("MS_SOURCE_ROOT") or os.path.abspath(os.path.join(HERE, "..", ".."))
MAIL_LAB = os.path.join(SOURCE_ROOT, "tests", "lab", "mail-lab")
HOSTILE = os.path.join(HERE, "hostile-server")
SCENARIOS = os.path.join(HERE, "scenarios")
CLI = os.environ.get("MAIL_SETUP_CLI") or os.path.join(
    os.environ.get("MS_BUILD_ROOT", os.path.join(SOURCE_ROOT, "_build")), "src", "mail-setup-cli")
EXIT_SKIP = 77


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, desc, diag=None):
        self.n += 1
        print(f"{'ok' if cond else 'not ok'} {self.n} - {desc}", flush=True)
        if not cond:
            self.failed += 1
            if diag is not None:
                for line in str(diag).splitlines()[:80]:
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
    """A running mail lab, stopped when the script exits."""

    def __init__(self, scenario):
        if os.geteuid() != 0:
            skip_all("needs root")
        if not os.access(CLI, os.X_OK):
            print(f"Bail out! mail-setup-cli not found at {CLI}", flush=True)
            sys.exit(1)
        self.tmp = tempfile.mkdtemp(prefix="ms-check-")
        self.dir = os.path.join(self.tmp, "lab")
        self.hostile = None
        atexit.register(self.stop)
        path = scenario if os.path.isabs(scenario) else os.path.join(SCENARIOS, scenario)
        r = subprocess.run([MAIL_LAB, "start", path, self.dir],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode == EXIT_SKIP:
            skip_all("mail-lab: " + (r.stdout.strip().splitlines() or ["cannot run"])[-1])
        if r.returncode != 0:
            print("Bail out! mail-lab start failed:", flush=True)
            for line in r.stdout.splitlines()[-30:]:
                print(f"# {line}", flush=True)
            sys.exit(1)
        status = json.loads(subprocess.run([MAIL_LAB, "status", self.dir, "--json"],
                                           stdout=subprocess.PIPE, text=True).stdout)
        self.ca = status.get("ca")

    def exec(self, argv, stdin=None, timeout=120):
        return subprocess.run([MAIL_LAB, "exec", self.dir, "--"] + argv, input=stdin,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              timeout=timeout)

    def check(self, address, password, *options):
        """Runs `check --json`; returns (exit status, parsed JSON or None, stderr, ms)."""
        if "--timeout" not in options:
            # Dovecot delays sign-ins from an address that failed before (auth penalty, up
            # to 15 s); the tests make many failed attempts from 127.0.0.1 on purpose
            options = ("--timeout", "20000") + tuple(options)
        t0 = time.monotonic()
        r = self.exec([CLI, "check", "--json", "--password-stdin", *options, address],
                      stdin=password + "\n")
        ms = (time.monotonic() - t0) * 1000
        try:
            out = json.loads(r.stdout)
        except ValueError:
            out = None
        return r.returncode, out, r.stderr + r.stdout, ms

    def logins(self, wait=None):
        args = [MAIL_LAB, "logins", self.dir, "--json"]
        if wait is not None:
            args += ["--wait", str(wait), "--timeout", "3"]
        r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        return json.loads(r.stdout)["attempts"]

    def start_hostile(self, address, cases):
        """Starts hostile-server inside the lab with a certificate for hostile.check.test
        signed by the lab's CA. Returns the folder of its logs."""
        pki = os.path.join(self.tmp, "hostile-pki")
        os.makedirs(pki, exist_ok=True)
        key, crt, tmpl = (os.path.join(pki, n) for n in ("key.pem", "crt.pem", "tmpl"))
        with open(tmpl, "w") as f:
            f.write('cn = "hostile.check.test"\ndns_name = "hostile.check.test"\n'
                    'tls_www_server\nsigning_key\nexpiration_days = 30\n')
        ca_key = os.path.join(os.path.dirname(self.ca), "ca.key")
        for args in (["--generate-privkey", "--key-type=ecdsa", "--outfile", key],
                     ["--generate-certificate", "--load-privkey", key, "--load-ca-certificate", self.ca,
                      "--load-ca-privkey", ca_key, "--template", tmpl, "--outfile", crt]):
            subprocess.run(["certtool", "--no-text", *args], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        logs = os.path.join(self.tmp, "hostile-logs")
        self.hostile = subprocess.Popen(
            [MAIL_LAB, "exec", self.dir, "--", "/usr/bin/python3", "-I", HOSTILE,
             "--address", address, "--cert", crt, "--key", key, "--log", logs]
            + [f"{name}={port}" for name, port in cases],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        line = self.hostile.stdout.readline()
        if line.strip() != "ready":
            print(f"Bail out! hostile-server did not start: {line}", flush=True)
            sys.exit(1)
        return logs

    def stop(self):
        if self.hostile is not None and self.hostile.poll() is None:
            self.hostile.terminate()
            try:
                self.hostile.wait(5)
            except subprocess.TimeoutExpired:
                self.hostile.kill()
        self.hostile = None
        if os.path.isdir(self.dir):
            subprocess.run([MAIL_LAB, "stop", self.dir], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        if not os.environ.get("MS_KEEP_LAB"):
            shutil.rmtree(self.tmp, ignore_errors=True)
