"""What checking the index checksums adds to loading an index (the cold start of `policyqa ask`).

    python bench/verify_cost.py --index DIR [--runs 7]

Each run is a new process (as a cold `policyqa ask` is) that loads the index in force once to import
and warm up (not counted), then once with and once without verification, the order alternating between
runs; also the checksum pass alone with CRC-32 (the default), sha256 and blake2b over the same files. Prints medians and the load average; never asserts.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[2])
from policyqa.indexing.atomic import current_generation
from policyqa.indexing.manifest import Manifest, generation_checksums
from policyqa.indexing.store import load_index
root, first = sys.argv[1], sys.argv[3]
t = time.perf_counter(); load_index(root, verify=False); out = {"first load (imports)": time.perf_counter() - t}
for verify in ((True, False) if first == "verify" else (False, True)):
    t = time.perf_counter(); load_index(root, verify=verify); out["verify" if verify else "plain"] = time.perf_counter() - t
gen = current_generation(root)
for algo in ("crc32", "sha256", "blake2b"):
    t = time.perf_counter(); generation_checksums(gen, algo); out[algo] = time.perf_counter() - t
print(json.dumps(out))
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", required=True)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    load0 = os.getloadavg()
    rows = []
    for i in range(args.runs):
        p = subprocess.run([sys.executable, "-c", CHILD, args.index, str(REPO / "src"),
                            "verify" if i % 2 else "plain"], capture_output=True, text=True, check=True)
        rows.append(json.loads(p.stdout.strip().splitlines()[-1]))
    size = sum(f.stat().st_size for f in Path(args.index).glob("gen-*/**/*") if f.is_file())
    med = {k: statistics.median(r[k] for r in rows) * 1000 for k in rows[0]}
    print(f"## index load with / without checksum verification ({args.runs} new processes, index files "
          f"{size / 1e6:.1f} MB; load average {load0[0]:.2f} before, {os.getloadavg()[0]:.2f} after)")
    print(f"load_index(verify=False) median {med['plain']:.0f} ms")
    print(f"load_index(verify=True)  median {med['verify']:.0f} ms  (+{med['verify'] - med['plain']:.0f} ms)")
    for algo in ("crc32", "sha256", "blake2b"):
        print(f"checksum pass alone, {algo:8}: median {med[algo]:.0f} ms ({size / 1e6 / (med[algo] / 1000):.0f} MB/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
