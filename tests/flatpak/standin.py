# standin.py: stand-in GNOME runtimes for the Flatpak test, made of this Debian's own packages.
#
# Flathub's org.gnome.Platform and org.gnome.Sdk cannot be downloaded by a test, so this
# module builds runtimes under those names from the installed Debian packages: the files of
# each package (dpkg -L) are hard-linked into a tree that becomes the runtime's /usr, the
# caches that dpkg triggers would write are generated, the trees are committed to a local
# OSTree repository with `flatpak build-export` and installed with `flatpak --user` into an
# installation of the test's own (FLATPAK_USER_DIR). It carries Debian 12's GTK, libadwaita
# and GLib, not the runtime's: it tests the sandbox, the permissions and the packaging.
#
# The installation is cached, keyed on the versions of every package that went in and on
# LAYOUT below, so that later runs only build the app.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import hashlib
import os
import re
import shutil
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
# Part of the cache key: raise it when a change here changes what the runtimes contain.
LAYOUT = 1
ARCH_LIBDIR = "lib/x86_64-linux-gnu"
DPKG_STATUS = "/var/lib/dpkg/status"

# What the Platform holds besides the libraries the project links (found from its -dev
# packages): a shell for scripts, TLS, icons, fonts, schemas, MIME data; NSS because the
# real Platform (freedesktop base) has it.
PLATFORM_BASE = """
  libc6 libc-bin bash dash coreutils glib-networking ca-certificates librsvg2-common
  hicolor-icon-theme adwaita-icon-theme fonts-dejavu-core gsettings-desktop-schemas
  shared-mime-info libdbus-1-3 libnss3
""".split()
# The Sdk adds the project's build packages (build-aux/deps) and what flatpak-builder runs
# inside it: appstream-compose, xmllint for xml-stripblanks, the usual command-line tools.
SDK_TOOLS = """
  libnss3-dev libxml2-utils appstream-util binutils findutils grep sed diffutils tar gzip
  patch file libgdk-pixbuf2.0-bin
""".split()
# Services, init and package-management pieces that a runtime does not carry.
EXCLUDE = set("""
  dconf-gsettings-backend dconf-service dbus dbus-user-session dbus-daemon dbus-bin
  dbus-session-bus-common dbus-system-bus-common systemd systemd-sysv libsystemd-shared
  libpam-systemd adduser debconf passwd procps mount init-system-helpers libpam-modules
  libpam-modules-bin libpam-runtime usr-is-merged debianutils
""".split())
# Graphics drivers are not needed to compile.
SDK_EXCLUDE = EXCLUDE | {"libgl1-mesa-dri", "libllvm15", "libz3-4"}
# Not copied into a runtime: documentation and translations of the tools.
SKIP_PREFIXES = ("/usr/share/doc/", "/usr/share/man/", "/usr/share/info/", "/usr/share/lintian/",
                 "/usr/share/locale/", "/usr/share/bug/", "/usr/share/doc-base/", "/usr/share/help/")
TOP_DIRS = {"bin", "sbin", "lib", "lib64", "etc"}


class Packages:
    """The installed packages of /var/lib/dpkg/status (this architecture and all)."""

    def __init__(self, status=DPKG_STATUS):
        self.fields = {}
        self.provided_by = {}
        with open(status, encoding="utf-8") as fh:
            for stanza in fh.read().split("\n\n"):
                f = {}
                for line in stanza.splitlines():
                    if line and not line[0].isspace() and ":" in line:
                        key, _, value = line.partition(":")
                        f[key] = value.strip()
                if not f.get("Status", "").endswith(" installed"):
                    continue
                if f.get("Architecture") not in ("amd64", "all"):
                    continue
                self.fields[f["Package"]] = f
                for p in filter(None, (x.split()[0] for x in re.split(r",\s*", f.get("Provides", "")) if x)):
                    self.provided_by.setdefault(p, []).append(f["Package"])

    def resolve(self, name):
        name = name.strip().split()[0].split(":")[0]
        if name in self.fields:
            return name
        return (self.provided_by.get(name) or [None])[0]

    def depends(self, name):
        """Each dependency as its list of installed alternatives."""
        f = self.fields[name]
        for field in ("Pre-Depends", "Depends"):
            for dep in filter(str.strip, re.split(r",\s*", f.get(field, ""))):
                yield [a for a in (self.resolve(x) for x in dep.split("|")) if a]

    def closure(self, roots, exclude):
        seen, todo = set(), list(roots)
        while todo:
            name = self.resolve(todo.pop())
            if name is None or name in seen or name in exclude:
                continue
            seen.add(name)
            for alts in self.depends(name):
                if alts and not any(a in seen for a in alts):
                    todo.append(alts[0])
        return sorted(seen)

    def version(self, name):
        return self.fields[name].get("Version", "")


def build_packages(source_root):
    """The project's build packages, as build-aux/deps lists them."""
    out = subprocess.run(["sh", "-c", '. "$1"; echo $ms_build_packages', "sh",
                          os.path.join(source_root, "build-aux", "deps")],
                         capture_output=True, text=True, check=True).stdout
    return out.split()


def runtime_libraries(pkgs, dev_packages):
    """The shared-library packages that the project's -dev packages stand for."""
    libs = []
    for dev in dev_packages:
        if not dev.endswith("-dev") or dev not in pkgs.fields:
            continue
        for alts in pkgs.depends(dev):
            if alts and alts[0].startswith("lib") and not re.search(r"-(dev|bin|doc)$", alts[0]):
                libs.append(alts[0])
    return libs


class Plan:
    """Which packages go into each runtime, and the cache key that they make."""

    def __init__(self, source_root, branch):
        self.branch = branch
        self.pkgs = Packages()
        build = build_packages(source_root)
        missing = [p for p in build + PLATFORM_BASE + SDK_TOOLS if self.pkgs.resolve(p) is None]
        self.missing = missing
        self.platform = self.pkgs.closure(PLATFORM_BASE + runtime_libraries(self.pkgs, build), EXCLUDE)
        self.sdk = self.pkgs.closure(self.platform + build + SDK_TOOLS, SDK_EXCLUDE)
        h = hashlib.sha256()
        h.update(f"layout {LAYOUT} branch {branch}\n".encode())
        for part, names in (("platform", self.platform), ("sdk", self.sdk)):
            h.update(part.encode())
            for n in names:
                h.update(f"{n}={self.pkgs.version(n)}\n".encode())
        self.key = h.hexdigest()[:16]


def _place(path, dest):
    """Hard-links (or copies) the installed file path into the tree dest (dest/usr/...)."""
    if not path.startswith("/") or path.startswith(SKIP_PREFIXES):
        return False
    if os.path.isdir(path) or not os.path.lexists(path):
        return False
    top = path.split("/")[1]
    if top == "usr":
        rel = path[len("/usr/"):]
    elif top in TOP_DIRS:
        rel = path[1:]
    else:
        return False
    target = os.path.join(dest, "usr", rel)
    if os.path.lexists(target):
        return False
    os.makedirs(os.path.dirname(target), exist_ok=True)
    if os.path.islink(path):
        os.symlink(os.readlink(path), target)
    else:
        try:
            os.link(os.path.realpath(path), target)
        except OSError:  # another file system, or links not allowed
            shutil.copy2(path, target)
    return True


def _generated_files(usr):
    """What dpkg triggers and maintainer scripts write on a real system."""
    os.makedirs(os.path.join(usr, "etc", "ssl", "certs"), exist_ok=True)
    shutil.copy("/etc/ssl/certs/ca-certificates.crt", os.path.join(usr, "etc", "ssl", "certs"))
    if os.path.exists("/etc/nsswitch.conf"):
        shutil.copy("/etc/nsswitch.conf", os.path.join(usr, "etc"))
    os.makedirs(os.path.join(usr, "etc", "ld.so.conf.d"), exist_ok=True)
    with open(os.path.join(usr, "etc", "ld.so.conf.d", "app.conf"), "w") as fh:
        fh.write("/app/lib\n")
    # /usr/bin/cc and friends are links through /etc/alternatives.
    subprocess.run(["cp", "-an", "/etc/alternatives", os.path.join(usr, "etc")], check=True)
    run = lambda *argv: subprocess.run(argv, check=True, capture_output=True)  # noqa: E731
    run("glib-compile-schemas", os.path.join(usr, "share", "glib-2.0", "schemas"))
    modules = os.path.join(usr, ARCH_LIBDIR, "gio", "modules")
    if os.path.isdir(modules):
        run("gio-querymodules", modules)
    run("update-mime-database", os.path.join(usr, "share", "mime"))
    icons = os.path.join(usr, "share", "icons")
    for theme in os.listdir(icons):
        if os.path.exists(os.path.join(icons, theme, "index.theme")):
            run("gtk-update-icon-cache", "-q", "-f", os.path.join(icons, theme))
    # The pixbuf loaders' cache names them by their path inside the runtime, /usr/...
    loaders_rel = os.path.join(ARCH_LIBDIR, "gdk-pixbuf-2.0", "2.10.0")
    loaders = os.path.join(usr, loaders_rel, "loaders")
    if os.path.isdir(loaders):
        inside = [os.path.join("/usr", loaders_rel, "loaders", f)
                  for f in sorted(os.listdir(loaders)) if f.endswith(".so")]
        query = os.path.join("/usr", ARCH_LIBDIR, "gdk-pixbuf-2.0", "gdk-pixbuf-query-loaders")
        out = subprocess.run([query] + inside, capture_output=True, text=True, check=True).stdout
        with open(os.path.join(usr, loaders_rel, "loaders.cache"), "w") as fh:
            fh.write(out)


def _make_tree(dest, name, branch, packages):
    listed = subprocess.run(["dpkg", "-L"] + packages, capture_output=True, text=True).stdout
    count = sum(_place(p, dest) for p in sorted(set(listed.splitlines())))
    _generated_files(os.path.join(dest, "usr"))
    with open(os.path.join(dest, "metadata"), "w") as fh:
        fh.write(f"[Runtime]\nname={name}\n"
                 f"runtime=org.gnome.Platform/x86_64/{branch}\nsdk=org.gnome.Sdk/x86_64/{branch}\n\n"
                 "[Environment]\nGI_TYPELIB_PATH=/app/lib/girepository-1.0\n")
    return count


def ensure_runtimes(plan, cache, log):
    """Installs the stand-in org.gnome.Platform and org.gnome.Sdk of plan.branch into
    cache/installation (FLATPAK_USER_DIR must point there). Returns (cached, phase times)."""
    installation = os.path.join(cache, "installation")
    key_file = os.path.join(cache, "runtime-key")
    times = {}
    try:
        with open(key_file) as fh:
            if fh.read().strip() == plan.key and os.path.isdir(installation) and \
                    os.path.isdir(os.path.join(cache, "repo", "objects")):
                return True, times
    except OSError:
        pass
    for d in ("trees", "repo", "installation", "builder-state", "app-build"):
        shutil.rmtree(os.path.join(cache, d), ignore_errors=True)
    if os.path.exists(key_file):
        os.unlink(key_file)
    trees = os.path.join(cache, "trees")
    repo = os.path.join(cache, "repo")

    t = time.monotonic()
    n = _make_tree(os.path.join(trees, "platform"), "org.gnome.Platform", plan.branch, plan.platform)
    n += _make_tree(os.path.join(trees, "sdk"), "org.gnome.Sdk", plan.branch, plan.sdk)
    times["trees"] = time.monotonic() - t
    log(f"runtime trees: {len(plan.platform)} + {len(plan.sdk)} packages, {n} files")

    t = time.monotonic()
    for part in ("platform", "sdk"):
        subprocess.run(["flatpak", "build-export", "--disable-fsync", "--runtime", "--files=usr",
                        repo, os.path.join(trees, part), plan.branch],
                       check=True, capture_output=True)
    times["export"] = time.monotonic() - t

    t = time.monotonic()
    subprocess.run(["flatpak", "--user", "remote-add", "--if-not-exists", "--no-gpg-verify",
                    "standin", "file://" + repo], check=True, capture_output=True)
    subprocess.run(["flatpak", "--user", "install", "-y", "--noninteractive", "standin",
                    f"org.gnome.Platform//{plan.branch}", f"org.gnome.Sdk//{plan.branch}"],
                   check=True, capture_output=True)
    times["install"] = time.monotonic() - t
    # The repository stays: installing the app looks up the runtime's origin remote.
    shutil.rmtree(trees, ignore_errors=True)
    with open(key_file, "w") as fh:
        fh.write(plan.key + "\n")
    return False, times
