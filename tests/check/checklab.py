# checklab.py: what the account-check lab tests share — TAP output, the mail lab, running
# `mail-setup-cli check` inside it, counting login attempts, and the hostile fake server.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lab"))
import labtest  # noqa: E402
from labtest import CLI, EXIT_SKIP, MAIL_LAB, SOURCE_ROOT, skip_all  # noqa: E402,F401

HOSTILE = os.path.join(HERE, "hostile-server")
SCENARIOS = os.path.join(HERE, "scenarios")


class Tap(labtest.Tap):
    def __init__(self):
        super().__init__(max_diag=80)


class Lab(labtest.Lab):
    """A running mail lab, stopped when the script exits."""

    def __init__(self, scenario):
        self.hostile = None
        super().__init__(scenario, scenarios=SCENARIOS, prefix="ms-check-")

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

    def aux_mark(self):
        """Where the lab's aux.log ends now: proxy_turns() reads what comes after."""
        try:
            return os.path.getsize(self.status["logs"]["aux"])
        except OSError:
            return 0

    def proxy_turns(self, mark, hosts, timeout=5.0):
        """{host: [proxy-turns event, ...]} for the connections to @hosts (names of lab
        hosts with latency) that ended after @mark, waiting (at most @timeout seconds)
        until each host has one. Each event gets "lookup": whether the client asked the
        lab's DNS (when it has latency) for the host within 0.25 s before connecting."""
        address = {h["address"]: h["name"] for h in self.status["hosts"]}
        deadline = time.monotonic() + timeout
        while True:
            found = {h: [] for h in hosts}
            queries = []
            try:
                with open(self.status["logs"]["aux"], errors="replace") as f:
                    f.seek(mark)
                    for line in f:
                        try:
                            ev = json.loads(line)
                        except ValueError:
                            continue
                        host = address.get(ev.get("address"))
                        if ev.get("event") == "proxy-turns" and host in found:
                            found[host].append(ev)
                        elif ev.get("event") == "dns-query":
                            queries.append(ev)
            except OSError:
                pass
            if all(found.values()) or time.monotonic() > deadline:
                # did the connection wait for a name lookup (an A or AAAA question for its
                # host in the round trip before it)?
                for host, events in found.items():
                    for ev in events:
                        ev["lookup"] = any(q["name"] == host and q["qtype"] in (1, 28)
                                           and ev["t"] - 0.25 <= q["t"] <= ev["t"] for q in queries)
                return found
            time.sleep(0.05)

    def logins(self, wait=None):
        return super().logins(wait)["attempts"]

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
        super().stop()
