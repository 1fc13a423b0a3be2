#!/usr/bin/python3
"""Runs every command shown in the docs, as written, and checks its output.

In README.md and docs/*.md, a ```console block holds commands after "$ "
and, below each, the output it must print (a line "..." stands for any
lines). A command ending in "# exit N" must exit with N; others with 0.
Commands run from the repository root with kpiflow on PATH (kpiflow's own,
and the scripts in samples/ the README runs). The
/tmp/kpiflow-... stores and folders a file names are removed before its
commands run, so every example starts from an empty store as a reader's would.
The timestamp kpiflow run puts before each line when not on a terminal
("2017-10-30 02:30:01 ") is not compared: the docs show what a terminal shows.

Blocks that name a PostgreSQL server ($SERVER) are run only with --server,
under tests/store/postgres_server.py, which sets SERVER to its own; there
psql's set-up commands are run too.

usage: doc_commands.py KPIFLOW [--server] FILE.md...
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

SCRATCH = tempfile.mkdtemp(prefix="kpiflow-docs-")


def blocks(text):
    for match in re.finditer(r"```console\n(.*?)```", text, re.S):
        yield match.group(1)
    # The README's set-up lines (```sh) end in the command a newcomer runs
    # after building: run that last step, from "build/kpiflow" on.
    for match in re.finditer(r"```sh\n(.*?)```", text, re.S):
        for line in match.group(1).splitlines():
            if "&& build/kpiflow " in line:
                command = line.split("&& build/", 1)[1].replace("build/kpiflow ", "kpiflow ")
                # What it writes under build/ goes to a scratch folder: the
                # tests may be built in any folder, not only build/.
                yield "$ " + re.sub(r"(?<=[\s=])build/", SCRATCH + "/", command) + "\n..."


def steps(block):
    command, output = None, []
    for line in block.splitlines():
        if line.startswith("$ "):
            if command is not None:
                yield command, output
            command, output = line[2:], []
        elif command is not None:
            output.append(line)
    if command is not None:
        yield command, output


def same_line(want, got):
    """A "..." inside a line stands for any text there (a server's address, say)."""
    if "..." not in want:
        return want == got
    return re.fullmatch(".*".join(map(re.escape, want.split("..."))), got, re.S) is not None


def matches(want, got):
    i = 0
    for j, line in enumerate(want):
        if line == "...":
            rest = want[j + 1:]
            if not rest:
                return True
            while i <= len(got):
                if matches(rest, got[i:]):
                    return True
                i += 1
            return False
        if i >= len(got) or not same_line(line, got[i]):
            return False
        i += 1
    return i == len(got)


def main():
    kpiflow = os.path.abspath(sys.argv[1])
    env = dict(os.environ, PATH=os.path.dirname(kpiflow) + os.pathsep + os.environ["PATH"])
    failed = ran = 0
    files = sys.argv[2:]
    server = files[:1] == ["--server"]
    if server:
        files = files[1:]
        if not os.environ.get("SERVER"):
            sys.exit("doc_commands.py --server: SERVER is not set; run it through postgres_server.py run")
    for path in files:
        # The stores and output folders the commands run here name (never another test's: the
        # README's server blocks and its other blocks are run by two tests, which may run at once).
        chosen = [b for b in blocks(open(path, encoding="utf-8").read()) if ("$SERVER" in b) == server]
        for named in set(re.findall(r"/tmp/kpiflow-[\w.-]+", "".join(chosen))) - {SCRATCH}:
            if os.path.isdir(named):
                shutil.rmtree(named, ignore_errors=True)
            elif os.path.exists(named):
                os.remove(named)
        for block in chosen:
            for command, want in steps(block):
                if not command.startswith(("kpiflow", "samples/", "psql", "KPIFLOW_DB=") if server else ("kpiflow", "samples/")):
                    continue  # set-up commands (bootstrap, cmake) are run by CI itself
                status = 0
                m = re.search(r"\s+# exit (\d+)\b.*$", command)
                if m:
                    status = int(m.group(1))
                    command = command[:m.start()]
                run = subprocess.run(command, shell=True, env=env, capture_output=True, text=True, timeout=300)
                got = [re.sub(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ", "", line) for line in (run.stdout + run.stderr).splitlines()]
                ran += 1
                if run.returncode != status or (want and not matches(want, got)):
                    failed += 1
                    print("FAIL %s: $ %s (exit %d, wanted %d)" % (path, command, run.returncode, status))
                    print("  wanted:\n    " + "\n    ".join(want))
                    print("  got:\n    " + "\n    ".join(got[:40]))
                else:
                    print("ok   %s: $ %s" % (path, command))
    print("%d passed, %d failed" % (ran - failed, failed))
    shutil.rmtree(SCRATCH, ignore_errors=True)
    return 1 if failed or ran == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
