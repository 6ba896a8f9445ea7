"""Compare what the dense side embeds (passages, sentences, or both) under two fusions.

The one-off measurement behind docs/retrieval.md; independent of the engine's own dense
store, it embeds passages and sentences itself. Usage (two indexes must exist):
  python benchmarks/dense_units.py STARLIGHT_INDEX STARLIGHT_Q SYNTH_INDEX SYNTH_Q
"""

import json
import statistics
import sys
import warnings
from pathlib import Path

import numpy as np
from reelqa.config.settings import BUNDLED_MODEL
from reelqa.index.store.embedding import SentenceTransformerEmbedder
from reelqa.index.store.folder import load_index
from reelqa.index.text.sentences import sentence_spans
from reelqa.index.text.tokens import normalise as fold

warnings.filterwarnings("ignore")

e = SentenceTransformerEmbedder(BUNDLED_MODEL)


def z(d):
    vals = list(d.values())
    m = statistics.fmean(vals)
    sd = statistics.pstdev(vals) or 1.0
    return {i: (s - m) / sd for i, s in d.items()}


def evaluate(index_dir, qfile, limit=None):
    idx = load_index(Path(index_dir), BUNDLED_MODEL)
    P = idx.passages
    owner = []
    sents = []
    for i, p in enumerate(P):
        for a, b in sentence_spans(p.text):
            sents.append(p.text[a:b])
            owner.append(i)
    owner = np.array(owner)
    S = e.encode(sents)
    PV = e.encode([p.text for p in P])
    qs = [json.loads(line) for line in Path(qfile).read_text().splitlines() if line.strip()]
    qs = [q for q in qs if q.get("evidence")][:limit]
    QV = e.encode([q["question"] for q in qs])
    res = {}
    for qi, q in enumerate(qs):
        ss = S @ QV[qi]
        best = np.full(len(P), -1.0)
        np.maximum.at(best, owner, ss)
        pv = PV @ QV[qi]
        sp = dict(idx.sparse.search(q["question"], 50))
        want = fold(q["evidence"])
        for mode, d in (("passage", pv), ("sent", best), ("mix", 0.5 * best + 0.5 * pv)):
            top50 = np.argsort(-d)[:50]
            dense = {int(i): float(d[i]) for i in top50}
            ids = set(dense) | set(sp)
            dmin = min(dense.values())
            D = {i: dense.get(i, dmin) for i in ids}
            Sp = {i: sp.get(i, 0.0) for i in ids}
            dz, sz = z(D), z(Sp)
            dmax = max(D.values())
            smax = max(Sp.values()) or 1
            for w in (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0):
                for fus in ("max", "z"):
                    if fus == "max":
                        sc = {i: w * D[i] / dmax + (1 - w) * Sp[i] / smax for i in ids}
                    else:
                        sc = {i: w * dz[i] + (1 - w) * sz[i] for i in ids}
                    top = max(sc, key=lambda i: (sc[i], -i))
                    res.setdefault((mode, fus, w), []).append(want in fold(P[top].text))
    return {k: round(sum(v) / len(v), 3) for k, v in res.items()}


a = evaluate(sys.argv[1], sys.argv[2])
b = evaluate(sys.argv[3], sys.argv[4])
print("mode fusion w  starlight synth")
for k in sorted(a):
    print(*k, a[k], b[k])
