# mstest.py: TAP (from tests/lab/labtest.py) and helpers for the export integration tests.
#
# Run the tests with Debian's /usr/bin/python3 (gi, EDataServer, Secret), always under
# build-aux/isolate: every path here is inside the private HOME and XDG folders.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import stat
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lab"))
import labtest  # noqa: E402
from labtest import Lab, MAIL_LAB, SOURCE_ROOT, skip_all  # noqa: E402,F401

CLI = os.environ.get("MAIL_SETUP_CLI")
PASSWORD = "correct horse \u00e9\u00e8 \"battery\" \\ staple"

_tap = labtest.Tap(max_diag=None)
_t0 = time.monotonic()


def require_isolation():
    root = os.environ.get("MS_ISOLATE_ROOT")
    if not root or not os.environ.get("HOME", "").startswith(root):
        print("1..0 # SKIP not run under build-aux/isolate")
        sys.exit(0)
    return root


ok = _tap.ok
eq = _tap.eq
note = _tap.diag


def done():
    note(f"total {time.monotonic() - _t0:.2f} s")
    _tap.finish()


def cli(*args, password=None, env=None, wrap=None):
    """Runs mail-setup-cli; returns (status, parsed JSON or None, stdout, stderr, seconds)."""
    cmd = list(wrap or []) + [CLI] + list(args)
    t = time.monotonic()
    p = subprocess.run(cmd, input=(password + "\n") if password is not None else "",
                       capture_output=True, text=True, env=env, timeout=120)
    secs = time.monotonic() - t
    data = None
    if "--json" in args and p.stdout.strip():
        try:
            data = json.loads(p.stdout)
        except ValueError:
            data = None
    # The password never shows up in what the program prints.
    ok(PASSWORD not in p.stdout and PASSWORD not in p.stderr,
       f"no password in the output of export {args[0] if args else ''}")
    return p.returncode, data, p.stdout, p.stderr, secs


def file_mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def tree_snapshot(root):
    """{relative path: bytes} of every file under root (symlinks as their target)."""
    snap = {}
    for d, dirs, files in os.walk(root):
        for f in files:
            p = os.path.join(d, f)
            rel = os.path.relpath(p, root)
            if os.path.islink(p):
                snap[rel] = ("link", os.readlink(p))
            else:
                with open(p, "rb") as fh:
                    snap[rel] = fh.read()
    return snap


def grep_tree(root, needle, skip_dirs=()):
    """Files under root whose bytes contain needle (UTF-8)."""
    hits = []
    raw = needle.encode()
    for d, dirs, files in os.walk(root):
        dirs[:] = [x for x in dirs if os.path.join(d, x) not in skip_dirs]
        for f in files:
            p = os.path.join(d, f)
            if os.path.islink(p) or not os.path.isfile(p):
                continue
            try:
                with open(p, "rb") as fh:
                    if raw in fh.read():
                        hits.append(p)
            except OSError:
                pass
    return hits


def start_keyring(unlock_password="test-keyring-pw"):
    """Starts gnome-keyring's secrets component on this session bus, login keyring
    created and unlocked (feasibility §4: the unlock password must not be empty)."""
    t = time.monotonic()
    subprocess.run(["gnome-keyring-daemon", "--unlock", "--components=secrets"],
                   input=unlock_password, text=True, capture_output=True, check=True)
    return time.monotonic() - t
