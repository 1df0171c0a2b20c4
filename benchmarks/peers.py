"""Install the peers a user might pick instead of legday into a throwaway venv and time them.

    python benchmarks/peers.py               # install, then time each peer's start-up
    python benchmarks/peers.py --runs 21

Stdlib only. Each peer goes into one venv in a temporary folder (deleted afterwards) with its
ordinary `pip install`; every command runs with a temporary HOME, so no peer sees or writes a
real home. The ratios are medians of runs interleaved with `python -c pass` from the same venv,
as benchmarks/run.py does for legday.

What it measures today is each peer's floor: its `--help` on an empty home, the least any of
its commands costs. The peer rows of issue 14 (the same 1k/10k histories) also need each
history written in each peer's own format; that converter is not written yet.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

# PyPI name → the console script and arguments timed.
PEERS = {
    "habitrack": ["habit", "--help"],
    "bodylog": ["bodylog", "--help"],
    "gumshoe": ["gumshoe", "--help"],
    "habito": ["habito", "--help"],
    "jrnl": ["jrnl", "--help"],
}


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def install(where: Path) -> tuple[Path, list[str]]:
    venv.create(where, with_pip=True)
    bin_dir = where / "bin"
    installed = []
    for name in PEERS:
        pip = [str(bin_dir / "pip"), "install", "-q", name]
        if subprocess.run(pip, capture_output=True, check=False).returncode == 0:
            installed.append(name)
        else:
            print(f"peers.py: {name} did not install", file=sys.stderr)
    return bin_dir, installed


def main() -> int:
    parser = argparse.ArgumentParser(description="Time legday's peers' start-up.")
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        bin_dir, installed = install(Path(scratch) / "venv")
        home = Path(scratch) / "home"
        home.mkdir()
        env = {"HOME": str(home), "PATH": f"{bin_dir}:/usr/bin:/bin", "COLUMNS": "100"}
        base: list[float] = []
        times: dict[str, list[float]] = {name: [] for name in installed}
        for _ in range(args.runs):
            for name in installed:
                base.append(timed([str(bin_dir / "python"), "-c", "pass"], env))
                times[name].append(timed([str(bin_dir / PEERS[name][0]), *PEERS[name][1:]], env))
        floor = statistics.median(base)
        print(f"baseline python -c pass: {floor * 1000:.1f} ms")
        print("| peer | command | median ms | × baseline |\n|---|---|---:|---:|")
        for name in installed:
            median = statistics.median(times[name])
            line = " ".join(PEERS[name])
            print(f"| {name} | `{line}` | {median * 1000:.0f} | {median / floor:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
