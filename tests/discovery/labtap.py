# labtap.py: what the discovery test scripts share — TAP output, starting and stopping
# the mail lab, and running `mail-setup-cli discover` inside it.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "lab"))
import labtest  # noqa: E402
from labtest import CLI, EXIT_SKIP, MAIL_LAB, SOURCE_ROOT, Tap, skip_all  # noqa: E402,F401

SCENARIOS = os.path.join(SOURCE_ROOT, "tests", "discovery", "scenarios")


class Lab(labtest.Lab):
    """A running mail lab; stopped when the script exits."""

    def __init__(self, scenario, prepare=None, scenarios=SCENARIOS):
        super().__init__(scenario, scenarios=scenarios, prepare=prepare, prefix="ms-discovery-")

    def exec(self, argv, env=None, timeout=120):
        e = {"LANGUAGE": "C", "LC_ALL": "C.UTF-8"}
        if env:
            e.update(env)
        return super().exec(argv, env=e, timeout=timeout)

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


# ---- the benchmark's lab, shared with the timing test ------------------------------------

BENCH_SCENARIOS = os.path.join(SOURCE_ROOT, "tests", "bench", "scenarios")
BENCH_ISPDB = ["--ispdb-url", "https://ispdb.bench.test/v1.1/"]


def loopback_scenario(directory):
    """Writes bench-loopback.json: the benchmark's lab (bench.json, every host and DNS 50 ms
    away one way) without any latency."""
    with open(os.path.join(directory, "bench.json")) as f:
        sc = json.load(f)
    sc["name"] = "bench-discovery-loopback"
    sc["dns"]["latency_ms"] = 0
    for h in sc["hosts"]:
        h["latency_ms"] = 0
    with open(os.path.join(directory, "bench-loopback.json"), "w") as f:
        json.dump(sc, f, indent=2)


def bench_lab(loopback):
    """The benchmark's lab: 100 ms round trip, or loopback."""
    if loopback:
        return Lab(os.path.join(BENCH_SCENARIOS, "bench-loopback.json"), prepare=loopback_scenario,
                   scenarios=BENCH_SCENARIOS)
    return Lab(os.path.join(BENCH_SCENARIOS, "bench.json"), scenarios=BENCH_SCENARIOS)


def engine_ms(data):
    """The run's own time to its decision: the "chosen" trace entry, or the last entry when
    nothing was found."""
    if not data or not data.get("trace"):
        return None
    for t in data["trace"]:
        if t["result"].startswith("chosen"):
            return t["ms"]
    return max(t["ms"] for t in data["trace"])
