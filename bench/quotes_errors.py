"""Error classes of the quote stage on the project split (train by default).

    nice .venv/bin/python bench/quotes_errors.py [train|dev]

Prints missed/unpaired annotations by form and cue, cue, source, addressee and
message-boundary errors; writes examples to /tmp/quotes_errors_<split>.json.
"""
import sys, collections
from pathlib import Path
from lagebild.eval import spkatt
from lagebild.eval.quotes import predict
from lagebild.eval.quotes_metric import parse_annotation, pair
split = sys.argv[1] if len(sys.argv) > 1 else "train"
train, dev = spkatt.split_files(Path("/work/shared/data/spkatt2023/train"))
files = train if split == "train" else dev
C = collections.Counter
miss_form, miss_cue, fp_cue, cue_err, src_err, addr_gold, msg_err = C(), C(), C(), C(), C(), C(), C()
examples = collections.defaultdict(list)
for f in files:
    d = spkatt.read_file(f)
    toks = [s["Tokens"] for s in d.raw["Sentences"]]
    W = lambda ps: " ".join(toks[s][t] for s, t in sorted(ps))
    gold = [parse_annotation(a) for a in d.annotations]
    pr = [parse_annotation(a) for a in predict(d)]
    pairs = pair(gold, pr)
    gp = {i for i, _ in pairs}; pp = {j for _, j in pairs}
    for i, g in enumerate(gold):
        if i not in gp:
            miss_form[g.form] += 1
            cw = W(g.roles["Cue"]).lower()
            miss_cue[cw] += 1
            examples["miss:" + g.form].append((f.name, cw, W(g.roles["Source"]), W(g.roles["Message"])[:150]))
    for j, p in enumerate(pr):
        if j not in pp:
            fp_cue[W(p.roles["Cue"]).lower()] += 1
            examples["fp"].append((f.name, W(p.roles["Cue"]), W(p.roles["Message"])[:150]))
    for i, j in pairs:
        g, p = gold[i], pr[j]
        if g.roles["Cue"] != p.roles["Cue"]:
            cue_err[(W(g.roles["Cue"]).lower(), W(p.roles["Cue"]).lower())] += 1
        if g.roles["Source"] != p.roles["Source"]:
            k = "gold-empty" if not g.roles["Source"] else "pred-empty" if not p.roles["Source"] else "overlap" if g.roles["Source"] & p.roles["Source"] else "disjoint"
            src_err[k] += 1
            examples["src:" + k].append((f.name, W(g.roles["Cue"]), "G=" + W(g.roles["Source"]), "P=" + W(p.roles["Source"])))
        if g.roles["Addr"] or p.roles["Addr"]:
            k = "both-eq" if g.roles["Addr"] == p.roles["Addr"] else ("miss" if not p.roles["Addr"] else "fp" if not g.roles["Addr"] else "diff")
            addr_gold[k] += 1
            examples["addr:" + k].append((f.name, W(g.roles["Cue"]), "G=" + W(g.roles["Addr"]), "P=" + W(p.roles["Addr"])))
        gm, pm = g.roles["Message"], p.roles["Message"]
        if gm != pm:
            k = "pred-longer" if pm > gm else "pred-shorter" if pm < gm else "other"
            msg_err[k] += 1
            examples["msg:" + k].append((f.name, "G=" + W(gm)[:200], "P=" + W(pm)[:200]))
print("missed forms", miss_form.most_common())
print("missed cues", miss_cue.most_common(60))
print("fp cues", fp_cue.most_common(40))
print("cue errs", cue_err.most_common(30))
print("src errs", src_err.most_common())
print("addr", addr_gold.most_common())
print("msg", msg_err.most_common())
import json
json.dump(examples, open(f"/tmp/quotes_errors_{split}.json", "w"), ensure_ascii=False, indent=0)
