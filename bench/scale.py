"""How the dense index's cost grows with the number of chunks: FAISS flat, FAISS approximate, Milvus Lite.

    python bench/scale.py --sizes 100k,1m,3m [--backends flat,approx,milvus] [--ask] [--table]

Vectors: the shared-corpus index's own chunk vectors (`--index`, default /work/cache/test-index or
$POLICYQA_TEST_INDEX), then synthetic ones drawn from a Gaussian mixture fitted to them (k-means centroids within each
doc/lang group, ~60 chunks a cluster, and each cluster's residual covariance, L2-normalised: a synthetic vector is its cluster's centroid plus a Gaussian
combination of the members' residuals, so it stays in the subspace the real ones span — a per-dimension
spread would fill all 384 dimensions, as no real text does, and make every index look worse, as uniform
noise does). Each synthetic vector takes the cluster, the
`doc` and the `lang` of a real chunk drawn at random, so the filter fields keep the corpus proportions and
their correlation with the vectors. Queries: the dev questions (eval/questions.jsonl) embedded with the
real e5 model, each filtered as `ask --doc D --langs L,en` would be (D = its first gold family, L = its
language; unanswerable questions: languages only; questions whose filter allows no chunk are left out).

Per size and backend (each in its own process, so RAM is that backend's): build seconds, RAM (resident
set of the process and its children after the build, minus before; and the peak resident set of the
whole run), disk, p50/p95 of one filtered k=10 search, recall@10 against exact filtered search (numpy,
computed on the same vectors). Results go to `--out` (JSON, merged across runs: run one size × one
backend per heavy-lock hold), and `--table` prints the one Markdown table from it, with the 10M figures
extrapolated from the two largest measured sizes of the same index type (times: power law through them;
RAM and disk: the straight line through them; labelled). `--ask`: p50/p95 of a whole `ask` on the
shared-corpus index (the bench has no whole `ask` at synthetic sizes: there are no texts behind them).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

BLOCK = 100_000
PER_CLUSTER = 60          # real vectors per mixture component (k-means within each doc/lang group)
SEED = 7
BACKENDS = ("flat", "approx", "milvus")
TARGET_P95_MS, TARGET_RECALL, TARGET_RAM_GB = 20.0, 0.95, 8.0


def parse_size(s: str) -> int:
    s = s.strip().lower()
    mult = {"k": 1_000, "m": 1_000_000}.get(s[-1], 1)
    return int(float(s[:-1] if s[-1] in "km" else s) * mult)


def label(n: int) -> str:
    return f"{n // 1_000_000}M" if n % 1_000_000 == 0 else f"{n // 1_000}k"


def rss_tree_mb(field: str = "VmRSS") -> float:
    """Resident set (MB) of this process and all its descendants (Milvus Lite runs its server as a child);
    `field="VmHWM"`: the sum of their peak resident sets."""
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                ppid = int(open(f"/proc/{d}/stat").read().rsplit(")", 1)[1].split()[1])
                kids.setdefault(ppid, []).append(int(d))
            except (OSError, IndexError, ValueError):
                pass
    total, todo = 0, [os.getpid()]
    while todo:
        pid = todo.pop()
        try:
            for line in open(f"/proc/{pid}/status"):
                if line.startswith(field + ":"):
                    total += int(line.split()[1])
        except OSError:
            pass
        todo.extend(kids.get(pid, []))
    return total / 1024


def disk_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 2**20
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


# -- the data ---------------------------------------------------------------------------------------
def prepare(work: Path, index: Path) -> dict:
    """Fit the mixture to the index's chunk vectors and embed the dev questions (cached in `work`)."""
    import faiss

    from policyqa.embeddings.factory import load_embedder
    from policyqa.indexing.atomic import current_generation
    from policyqa.indexing.store import CHUNKS
    from policyqa.stores.factory import load_store

    work.mkdir(parents=True, exist_ok=True)
    f = work / "model.npz"
    if f.exists():
        return dict(np.load(f, allow_pickle=False))
    # the generation's vectors and chunk fields, read directly (any index format: only these two are needed)
    gen = current_generation(index)
    if gen is None:
        raise SystemExit(f"no index at {index}: pass --index")
    manifest = json.loads((gen / "manifest.json").read_text())
    chunks = [json.loads(line) for line in open(gen / CHUNKS, encoding="utf-8")]
    store = load_store(manifest.get("vector_backend", "faiss"), gen)
    real = store.reconstruct(list(range(len(chunks)))).astype(np.float32)
    docs_u, doc_code = np.unique([c["doc"] for c in chunks], return_inverse=True)
    langs_u, lang_code = np.unique([c["lang"] for c in chunks], return_inverse=True)
    # the mixture: k-means within each (doc, lang) group, so a filter's rows have their own neighbourhoods
    assign = np.zeros(len(real), np.int64)
    centres = []
    for g in np.unique(doc_code * 1000 + lang_code):
        members = np.flatnonzero(doc_code * 1000 + lang_code == g)
        k = max(1, len(members) // PER_CLUSTER)
        if k > 1:
            km = faiss.Kmeans(real.shape[1], k, niter=20, seed=SEED, spherical=True)
            km.train(real[members])
            local = km.index.search(real[members], 1)[1][:, 0]
        else:
            local = np.zeros(len(members), np.int64)
        for c in np.unique(local):
            assign[members[local == c]] = len(centres)
            centres.append(real[members[local == c]].mean(axis=0))
    centres = np.stack(centres).astype(np.float32)
    rows = [json.loads(line) for line in open(REPO / "eval" / "questions.jsonl", encoding="utf-8")]
    emb = load_embedder("e5-small")
    if emb.model_id != manifest["model"]:
        raise SystemExit(f"{index} was built with {manifest['model']}, not {emb.model_id}: pass --index")
    queries = emb.embed_queries([r["question"] for r in rows]).astype(np.float32)
    qdoc = np.array([np.searchsorted(docs_u, r["gold"][0]["doc"]) if r.get("gold") else -1 for r in rows])
    qlang = np.zeros((len(rows), len(langs_u)), bool)
    for i, r in enumerate(rows):
        for lg in {r["lang"], "en"}:
            if lg in langs_u:
                qlang[i, np.searchsorted(langs_u, lg)] = True
    # drop the questions whose filter allows no chunk at all (their family has no version in those languages)
    keep = np.array([bool(np.any(qlang[i][lang_code] & ((qdoc[i] < 0) | (doc_code == qdoc[i]))))
                     for i in range(len(rows))])
    queries, qdoc, qlang = queries[keep], qdoc[keep], qlang[keep]
    model = dict(real=real, assign=assign, centres=centres, doc_code=doc_code,
                 lang_code=lang_code, docs=docs_u, langs=langs_u, queries=queries, qdoc=qdoc, qlang=qlang)
    np.savez(f, **model)
    return model


def blocks(model: dict, n: int):
    """(start, vectors, doc codes, lang codes) in blocks of BLOCK rows: the real vectors first, then
    synthetic ones; deterministic for a given n (block b always comes from seed (SEED, b))."""
    real = model["real"]
    for b, start in enumerate(range(0, n, BLOCK)):
        m = min(BLOCK, n - start)
        rng = np.random.default_rng((SEED, b))
        pick = rng.integers(0, len(real), m)
        cl = model["assign"][pick]
        v = model["centres"][cl]
        for c in np.unique(cl):                   # Gaussian with the cluster's own residual covariance
            rows = np.flatnonzero(cl == c)
            resid = real[model["assign"] == c] - model["centres"][c]
            if len(resid) > 1:
                z = rng.standard_normal((len(rows), len(resid)), np.float32) / np.sqrt(len(resid) - 1)
                v[rows] += z @ resid
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        doc, lang = model["doc_code"][pick].copy(), model["lang_code"][pick].copy()
        if start == 0:
            r = min(m, len(real))
            v[:r], doc[:r], lang[:r] = real[:r], model["doc_code"][:r], model["lang_code"][:r]
        yield start, v.astype(np.float32), doc, lang


def query_masks(model: dict, doc: np.ndarray, lang: np.ndarray) -> np.ndarray:
    """(n_queries, len(doc)) bool: which rows each query's filter allows."""
    qdoc, qlang = model["qdoc"], model["qlang"]
    ok = qlang[:, lang]
    ok &= (qdoc[:, None] < 0) | (doc[None, :] == qdoc[:, None])
    return ok


def filters(model: dict, i: int) -> dict[str, list[str]]:
    where = {"lang": [str(x) for x in model["langs"][model["qlang"][i]]]}
    if model["qdoc"][i] >= 0:
        where["doc"] = [str(model["docs"][model["qdoc"][i]])]
    return where


def exact_topk(model: dict, n: int, work: Path, k: int = 10) -> np.ndarray:
    """Exact filtered top-k ids per query (numpy over the generated blocks), cached per size."""
    f = work / f"exact-{n}.npy"
    if f.exists():
        return np.load(f)
    q = model["queries"]
    best_s = np.full((len(q), k), -np.inf, np.float32)
    best_i = -np.ones((len(q), k), np.int64)
    for start, v, doc, lang in blocks(model, n):
        s = q @ v.T
        s[~query_masks(model, doc, lang)] = -np.inf
        s = np.concatenate([best_s, s], axis=1)
        ids = np.concatenate([best_i, np.arange(start, start + len(v))[None, :].repeat(len(q), 0)], axis=1)
        top = np.argpartition(-s, k, axis=1)[:, :k]
        best_s, best_i = np.take_along_axis(s, top, 1), np.take_along_axis(ids, top, 1)
    best_i[~np.isfinite(best_s)] = -1             # a filter that allows fewer than k rows
    np.save(f, best_i)
    return best_i


def recall_at_10(got: list[np.ndarray], exact: np.ndarray) -> float:
    return float(np.mean([len(set(g[g >= 0].tolist()) & set(e[e >= 0].tolist())) / max(1, (e >= 0).sum())
                          for g, e in zip(got, exact)]))


# -- one backend at one size (own process) ----------------------------------------------------------
def run_one(backend: str, n: int, work: Path, repeat: int) -> dict:
    model = prepare(work, Path("."))              # cached by the parent
    exact = exact_topk(model, n, work)
    q = model["queries"]
    store_dir = work / f"store-{backend}-{n}"
    shutil.rmtree(store_dir, ignore_errors=True)
    store_dir.mkdir(parents=True)
    doc_all = np.zeros(n, np.int16)
    lang_all = np.zeros(n, np.int16)
    rss0 = rss_tree_mb()
    load0 = os.getloadavg()[0]
    build = 0.0
    if backend in ("flat", "approx"):
        from policyqa.stores.faiss_store import TRAIN_PER_LIST, FaissStore, ivf_lists
        kind = "flat" if backend == "flat" else "ivf"       # approximate at every size (auto: from 200k)
        store = FaissStore(q.shape[1], index_type=kind)
        gen = blocks(model, n)
        first = []
        if kind == "ivf":                         # train on a fair sample: the first blocks together
            need = TRAIN_PER_LIST * ivf_lists(n)
            for blk in gen:
                first.append(blk)
                if sum(len(b[1]) for b in first) >= need:
                    break
            t = time.perf_counter()
            store.train(np.concatenate([b[1] for b in first])[:need], n=n)
            build += time.perf_counter() - t
        for start, v, doc, lang in [*first, *gen]:
            doc_all[start:start + len(v)], lang_all[start:start + len(v)] = doc, lang
            t = time.perf_counter()
            store.add(np.arange(start, start + len(v)), v)
            build += time.perf_counter() - t
            del v
        t = time.perf_counter()
        store.save(store_dir)
        build += time.perf_counter() - t
        kind = store.kind
        if kind == "ivf":
            import faiss
            ivf = faiss.extract_index_ivf(store.index)
            kind = f"IVF{ivf.nlist},SQ8 nprobe {ivf.nprobe}"
        else:
            kind = {"flat": "Flat (exact)", "hnsw": "HNSW32"}[kind]

        def search(i: int, mask: np.ndarray):
            return store.search(q[i:i + 1], 10, allowed=mask)[1][0]
    else:
        from policyqa.stores.milvus_store import MilvusStore
        uri = str(store_dir / "milvus.db")
        # dense fields only (vector, doc, lang): no chunk text here, so no BM25 full-text fields either
        store = MilvusStore(q.shape[1], uri=uri, collection=f"scale_{n}", index_type="auto", full_text=False)
        for start, v, doc, lang in blocks(model, n):
            doc_all[start:start + len(v)], lang_all[start:start + len(v)] = doc, lang
            meta = [{"doc": str(model["docs"][d]), "lang": str(model["langs"][g]), "unit": "", "kind": ""}
                    for d, g in zip(doc, lang)]
            t = time.perf_counter()
            store.add(np.arange(start, start + len(v)), v, meta=meta)
            build += time.perf_counter() - t
        t = time.perf_counter()
        store.save(store_dir)
        while True:                               # the index built over every row (not a brute-force scan
            info = store.client.describe_index(store.collection, "vector")     # of unindexed rows)
            if int(info.get("pending_index_rows", 0)) == 0 and int(info.get("indexed_rows", n)) >= n:
                break
            time.sleep(0.5)
        build += time.perf_counter() - t
        kind = f"Milvus Lite {getattr(store, '_index_kind', '?')}"

        def search(i: int, mask: np.ndarray):
            return store.search(q[i:i + 1], 10, where=filters(model, i))[1][0]
    import gc
    gc.collect()
    rss = rss_tree_mb() - rss0 - (doc_all.nbytes + lang_all.nbytes) / 2**20
    disk = disk_mb(store_dir)
    masks = {}
    for i in range(len(q)):                       # the filter of each query, as a row mask (not timed)
        key = (int(model["qdoc"][i]), model["qlang"][i].tobytes())
        if key not in masks:
            m = model["qlang"][i][lang_all]
            if model["qdoc"][i] >= 0:
                m &= doc_all == model["qdoc"][i]
            masks[key] = m
    qmask = [masks[(int(model["qdoc"][i]), model["qlang"][i].tobytes())] for i in range(len(q))]
    for i in range(min(10, len(q))):              # warm-up
        search(i, qmask[i])
    lat, got = [], []
    for _ in range(repeat):
        for i in range(len(q)):
            t = time.perf_counter()
            ids = search(i, qmask[i])
            lat.append((time.perf_counter() - t) * 1000)
            got.append(ids)
    recall = recall_at_10(got[:len(q)], exact)
    sweep = []
    if backend == "approx":                       # the recall/latency trade-off: lists probed per query
        import faiss
        ivf = faiss.extract_index_ivf(store.index)
        default = ivf.nprobe
        for probe in sorted({16, 32, 64, 128, 256, 512} - {default}):
            if probe > ivf.nlist:
                break
            ivf.nprobe = probe
            lat_p, got_p = [], []
            for i in range(len(q)):
                t = time.perf_counter()
                got_p.append(search(i, qmask[i]))
                lat_p.append((time.perf_counter() - t) * 1000)
            sweep.append({"nprobe": probe, "recall10": round(recall_at_10(got_p, exact), 4),
                          "p50_ms": round(float(np.percentile(lat_p, 50)), 3),
                          "p95_ms": round(float(np.percentile(lat_p, 95)), 3)})
        ivf.nprobe = default
    peak = rss_tree_mb("VmHWM")
    shutil.rmtree(store_dir, ignore_errors=True)
    return {"sweep": sweep, "backend": backend, "n": n, "index": kind, "build_s": round(build, 2), "ram_mb": round(rss, 1),
            "disk_mb": round(disk, 1), "p50_ms": round(float(np.percentile(lat, 50)), 3),
            "p95_ms": round(float(np.percentile(lat, 95)), 3), "recall10": round(float(recall), 4),
            "peak_rss_mb": round(peak, 1), "queries": len(q), "load_start": round(load0, 2),
            "load": round(os.getloadavg()[0], 2), "measured": time.strftime("%Y-%m-%d %H:%M", time.gmtime())}


# -- a whole ask on today's index ---------------------------------------------------------------------
def bench_ask(index: Path, corpus: Path) -> dict:
    from policyqa.config import Settings
    from policyqa.pipeline import Pipeline

    qa = Pipeline.open(Settings.load(index=index, corpus=corpus))
    ids = {x.strip() for x in open(REPO / "eval" / "quick_ids.txt") if x.strip() and not x.startswith("#")}
    qs = [r for r in map(json.loads, open(REPO / "eval" / "questions.jsonl", encoding="utf-8")) if r["id"] in ids]
    qa.ask(qs[0]["question"])
    lat = []
    for r in qs:
        t = time.perf_counter()
        qa.ask(r["question"])
        lat.append((time.perf_counter() - t) * 1000)
    return {"backend": "ask", "n": len(qa.index.chunks), "p50_ms": round(float(np.percentile(lat, 50)), 1),
            "p95_ms": round(float(np.percentile(lat, 95)), 1), "queries": len(qs),
            "load": round(os.getloadavg()[0], 2), "measured": time.strftime("%Y-%m-%d %H:%M", time.gmtime())}


# -- the table ----------------------------------------------------------------------------------------
NAMES = {"flat": "FAISS flat", "approx": "FAISS approximate", "approx95": "FAISS approximate, tuned",
         "milvus": "Milvus Lite"}


def tuned(r: dict) -> dict | None:
    """An approximate row at the fewest lists probed (of the sweep) that reach the recall target."""
    ok = [x for x in r.get("sweep", []) if x["recall10"] >= TARGET_RECALL]
    if r["recall10"] >= TARGET_RECALL or not ok:
        return None
    best = min(ok, key=lambda x: x["nprobe"])
    return {**r, **best, "backend": "approx95", "index": r["index"].split(" nprobe")[0] + f" nprobe {best['nprobe']}"}


def index_family(r: dict) -> str:
    """The index type of a row without its size-dependent parameters: 'IVF2000,SQ8 nprobe 125' → 'IVF,SQ8'."""
    return re.sub(r"\d+", "", r["index"].split(" nprobe")[0])


LINEAR = ("ram_mb", "peak_rss_mb", "disk_mb")


def extrapolate(rows: list[dict], n: int) -> dict | None:
    """From the two largest measured sizes of one index type: times by the power law through them, memory
    and disk by the straight line through them (a fixed part plus a cost per row); recall: the largest
    size's, carried over."""
    rows = sorted(rows, key=lambda r: r["n"])
    if len(rows) < 2 or index_family(rows[-2]) != index_family(rows[-1]):
        return None                               # a growth law across index types (FLAT → HNSW) means nothing
    a, b = rows[-2], rows[-1]
    out = {"backend": b["backend"], "n": n, "index": f"as at {label(b['n'])}" + (" (lists scale with √n)" if "IVF" in b["index"] else ""),
           "extrapolated": True, "recall10": b["recall10"]}
    for key in ("build_s", "ram_mb", "peak_rss_mb", "disk_mb", "p50_ms", "p95_ms"):
        if not (a.get(key, 0) > 0 and b.get(key, 0) > 0):
            out[key] = float("nan")
        elif key in LINEAR:                       # bytes: a fixed part plus a cost per row
            out[key] = b[key] + (b[key] - a[key]) / (b["n"] - a["n"]) * (n - b["n"])
        else:                                     # times: the power law through the two sizes
            exp = math.log(b[key] / a[key]) / math.log(b["n"] / a["n"])
            out[key] = b[key] * (n / b["n"]) ** exp
            out[key + "_exp"] = exp
    return out


def peak_gb(r: dict) -> str:
    p = r.get("peak_rss_mb")
    return "—" if p is None or p != p else f"{p / 1024:.2f}"


def load_avg(r: dict) -> str:
    """The 1-minute load average at the start → end of the measurement (end only for older rows)."""
    return f"{r['load_start']} → {r['load']}" if "load_start" in r else str(r["load"])


def table(results: dict, extrapolate_to: int = 10_000_000) -> str:
    lines = ["| chunks | backend | index | build s | RAM GB (peak RSS) | disk GB | filtered k=10 p50 / p95 ms | recall@10 | load avg |",
             "|---|---|---|---|---|---|---|---|---|"]
    measured = [r for k, r in results.items() if k != "ask"]
    measured += [t for t in map(tuned, measured) if t]
    for backend in NAMES:
        rows = sorted((r for r in measured if r["backend"] == backend), key=lambda r: r["n"])
        ext = extrapolate(rows, extrapolate_to) if rows and rows[-1]["n"] < extrapolate_to else None
        for r in rows + ([ext] if ext else []):
            x = r.get("extrapolated")
            meets = ""
            if r["n"] >= extrapolate_to:
                ok = (r["p95_ms"] <= TARGET_P95_MS and r["recall10"] >= TARGET_RECALL
                      and r["ram_mb"] / 1024 <= TARGET_RAM_GB)
                meets = " ✅ target" if ok else " ❌ target"
            lines.append(
                f"| {label(r['n'])}{' **extrapolated**' if x else ''} | {NAMES[backend]} | {r['index']} | "
                f"{r['build_s']:.0f} | {r['ram_mb'] / 1024:.2f} ({peak_gb(r)}) | {r['disk_mb'] / 1024:.2f} | "
                f"{r['p50_ms']:.1f} / {r['p95_ms']:.1f}{meets} | {r['recall10']:.3f}{' (as at ' + label(rows[-1]['n']) + ')' if x else ''} | "
                f"{'—' if x else load_avg(r)} |")
    ask = results.get("ask")
    if ask:
        lines.append(f"\nWhole `ask` on the shared-corpus index ({ask['n']} chunks, {ask['queries']} quick-eval "
                     f"questions, warm): p50 {ask['p50_ms']:.0f} ms, p95 {ask['p95_ms']:.0f} ms (load average {ask['load']}).")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="", help="e.g. 100k,1m,3m")
    ap.add_argument("--backends", default=",".join(BACKENDS))
    ap.add_argument("--index", type=Path, default=Path(os.environ.get("POLICYQA_TEST_INDEX", "/work/cache/test-index")))
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    ap.add_argument("--work", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "policyqa-scale")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "scale.json")
    ap.add_argument("--repeat", type=int, default=2, help="passes over the dev queries per latency figure")
    ap.add_argument("--ask", action="store_true", help="also time a whole ask on the shared-corpus index")
    ap.add_argument("--redo", action="store_true", help="measure again what the JSON already holds")
    ap.add_argument("--table", action="store_true", help="only print the Markdown table of --out (measure nothing)")
    ap.add_argument("--one", nargs=2, metavar=("BACKEND", "N"), help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.one:
        print(json.dumps(run_one(args.one[0], int(args.one[1]), args.work, args.repeat)))
        return
    results = json.loads(args.out.read_text()) if args.out.exists() else {}
    if args.table:
        print(table(results))
        return

    def save() -> None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        tmp = args.out.with_suffix(".tmp")
        tmp.write_text(json.dumps(results, indent=1))
        tmp.replace(args.out)

    if args.sizes:
        print(f"preparing (mixture fit, dev queries) in {args.work} …", file=sys.stderr)
        prepare(args.work, args.index)
    for n in map(parse_size, filter(None, args.sizes.split(","))):
        for backend in args.backends.split(","):
            key = f"{backend}/{n}"
            if key in results and not args.redo:
                continue
            print(f"{key}: load average {os.getloadavg()[0]:.2f} …", file=sys.stderr, flush=True)
            p = subprocess.run([sys.executable, __file__, "--one", backend, str(n), "--work", str(args.work),
                                "--repeat", str(args.repeat)], capture_output=True, text=True)
            if p.returncode != 0:
                print(f"{key} failed:\n{p.stderr[-3000:]}", file=sys.stderr)
                continue
            results[key] = json.loads(p.stdout.strip().splitlines()[-1])
            print(json.dumps(results[key]), file=sys.stderr, flush=True)
            save()
    if args.ask:
        results["ask"] = bench_ask(args.index, args.corpus)
        save()
    print(table(results))


if __name__ == "__main__":
    main()
