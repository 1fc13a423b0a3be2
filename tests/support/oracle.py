"""What the oracle scripts share: checks that collect failures, and running
kpiflow as a user runs it. Imported by tests/*/..._oracle.py."""
import subprocess

failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL", what)


def run(*args):
    return subprocess.run(args, capture_output=True, text=True, timeout=600)


def finish():
    """Exits 1, saying how many, when a check failed; else says all passed."""
    if failures:
        print(f"{len(failures)} checks failed")
        raise SystemExit(1)
    print("all checks passed")
