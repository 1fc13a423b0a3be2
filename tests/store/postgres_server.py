#!/usr/bin/env python3
"""The test suite's own PostgreSQL server: a throwaway cluster in a folder.

  postgres_server.py start DIR [--durable]
                                   initdb + pg_ctl start on a free port, listening on a
                                   socket in DIR only; writes DIR/address (a libpq URI);
                                   --durable keeps fsync on, as a real server (benchmarks)
  postgres_server.py stop DIR      pg_ctl stop, and the folder removed
  postgres_server.py run DIR -- COMMAND...
                                   runs COMMAND with KPIFLOW_TEST_POSTGRES set to the address
                                   (and SERVER, as docs/shared-store.md's examples name it)

Where Debian's server binaries (package postgresql) are absent, `start` and
`run` print "SKIPPED: no PostgreSQL server" and succeed, unless
KPIFLOW_REQUIRE_POSTGRES=1 (CI), when they fail.
"""
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys


def binaries():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    if found:
        return os.path.dirname(found[-1])
    initdb = shutil.which("initdb")
    return os.path.dirname(initdb) if initdb else None


def absent(why):
    if os.environ.get("KPIFLOW_REQUIRE_POSTGRES") == "1":
        sys.exit(f"postgres_server.py: {why}; CI requires the PostgreSQL tests (./bootstrap.sh installs postgresql)")
    print(f"SKIPPED: no PostgreSQL server ({why}); install Debian's postgresql to run the store's tests on it")
    sys.exit(0)


def as_server(cmd):
    """The server refuses to run as root: as root, it runs as the postgres user."""
    if os.getuid() == 0:
        return ["runuser", "-u", "postgres", "--"] + cmd
    return cmd


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(folder, durable=False):
    bindir = binaries()
    if bindir is None:
        absent("initdb not found")
    if os.path.exists(os.path.join(folder, "data", "postmaster.pid")):
        stop(folder)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    if os.getuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            absent("running as root and there is no postgres user to run the server as")
        os.chown(folder, user.pw_uid, user.pw_gid)
    data, port = os.path.join(folder, "data"), free_port()
    subprocess.run(as_server([f"{bindir}/initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"]),
                   check=True, stdout=subprocess.DEVNULL)
    # Only a socket in the folder: nothing listens on the network. fsync is
    # off because the cluster is thrown away; the store's durability on a
    # server is the server's own (docs/store.md).
    options = f"-k {folder} -p {port} -c listen_addresses='' -c max_connections=60"
    if not durable:
        options += " -c fsync=off -c full_page_writes=off"
    subprocess.run(as_server([f"{bindir}/pg_ctl", "-D", data, "-l", os.path.join(folder, "server.log"), "-w", "-o", options, "start"]),
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run([f"{bindir}/createdb", "-h", folder, "-p", str(port), "-U", "postgres", "kpiflow"], check=True)
    with open(os.path.join(folder, "address"), "w") as f:
        f.write(f"postgresql:///kpiflow?host={folder}&port={port}&user=postgres\n")
    print(f"PostgreSQL ({bindir}) on {folder}, port {port}")


def stop(folder):
    bindir = binaries()
    data = os.path.join(folder, "data")
    if bindir and os.path.exists(os.path.join(data, "postmaster.pid")):
        subprocess.run(as_server([f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"]), stdout=subprocess.DEVNULL)
    shutil.rmtree(folder, ignore_errors=True)


def run(folder, command):
    path = os.path.join(folder, "address")
    if not os.path.exists(path):
        absent(f"{path} is missing: the server was not started")
    address = open(path).read().strip()
    env = dict(os.environ, KPIFLOW_TEST_POSTGRES=address, SERVER=address)
    sys.exit(subprocess.run(command, env=env).returncode)


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("start", "stop", "run"):
        sys.exit(__doc__)
    folder = os.path.abspath(sys.argv[2])
    if sys.argv[1] == "start":
        start(folder, "--durable" in sys.argv[3:])
    elif sys.argv[1] == "stop":
        stop(folder)
    else:
        rest = sys.argv[3:]
        if rest[:1] == ["--"]:
            rest = rest[1:]
        run(folder, rest)


if __name__ == "__main__":
    main()
