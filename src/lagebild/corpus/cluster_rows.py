"""A `StoryClusterer` saved as rows (``corpus_rows``): each save writes only what changed.

- ``story`` rows (key: story ID) and ``line`` rows (storylines), upserted when their
  fingerprint (size, liveness, slot, span, members, parent) changed since the last save;
  their member lists (which grow with the story) are appended in ``smem``/``lmem``
  chunk rows, so the bytes written per save do not grow with the aggregates.
  Only stories that can have changed are looked at: those live at the last save, the
  stories of the articles since, and those named by new merges and splits — a number
  bounded by the stream rate and the clusterer's silence window, not by the corpus.
- ``a2s`` rows (key: article ID, data: story ID): new articles, and articles moved by
  a merge or a split.
- ``alias``, ``merge``, ``split`` rows: appended.
- ``dfp`` rows: the document-frequency buckets changed since the last save; every
  ``DF_SNAPSHOT_EVERY`` saves they are folded into one ``df`` snapshot row.
- The scalars (config, join model, clocks, counters, free slots, storyline settings)
  come from the clusterer's own ``state_dict()`` on a shallow copy with the large
  parts left out, so scalar fields added to the clusterer later are saved too.

Loading assembles the clusterer's classic state dict from the rows and calls its
``from_state``: the same object as before this change, from the same data.
"""

from __future__ import annotations

import base64
import copy
import itertools
import json
import zlib
from typing import Any

import numpy as np

from ..store import rows as R

FORMAT = "rows-1"
DF_SNAPSHOT_EVERY = 50  # saves between two snapshots of the document frequencies


def _fp(a: Any) -> tuple:
    # the e5 vectors of a small story's members are computed lazily (cluster_small): count them, so a save
    # after such a decision writes the story again and a reload need not encode them anew
    e5 = sum(v is not None for v in a.member_e5)
    return (a.size, a.live, a.slot, a.parent, len(a.members), a.first_t, a.last_t, len(a.indexed), e5)


def _row(a: Any) -> str:
    """An aggregate's row without its member list (kept in appended ``smem``/``lmem`` rows)."""
    d = a.to_state()
    d["members"] = []
    return json.dumps(d, separators=(",", ":"))


class _Members:
    """Member lists (articles of a story, stories of a storyline) as appended chunk rows
    ``<id>|<start>``: a save appends the new tail; a list that lost members (merge,
    split) is rewritten. So a save costs O(new members), however large the aggregate."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.saved: dict[str, tuple[int, str]] = {}  # id -> (members saved, last saved member)

    def save(self, c: Any, store: Any, name: str, aggs: list[Any]) -> None:
        out = []
        for a in aggs:
            m = a.members
            n, last = self.saved.get(a.id, (0, ""))
            if n and (len(m) < n or m[n - 1] != last):  # lost members: rewrite the whole list
                R.remove(c, name, self.kind, prefix=a.id + "|")
                n = 0
            if len(m) > n:
                out.append((f"{a.id}|{n:09d}", json.dumps(m[n:])))
                self.saved[a.id] = (len(m), m[-1])
            elif not m and n:
                R.remove(c, name, self.kind, prefix=a.id + "|")
                self.saved.pop(a.id, None)
        R.upsert(store, c, name, self.kind, out)

    def load(self, store: Any, name: str) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for key, d in R.read(store, name, self.kind):
            out.setdefault(key.rsplit("|", 1)[0], []).extend(json.loads(d))
        self.saved = {k: (len(v), v[-1]) for k, v in out.items() if v}
        return out


class ClusterRows:
    """What of one `StoryClusterer` is saved; `save` writes the rest."""

    def __init__(self) -> None:
        self.story_fp: dict[str, tuple] = {}  # fingerprints as saved, for stories that may still change
        self.line_fp: dict[str, tuple] = {}
        self.live_lines: set[str] = set()
        self.n_a2s = self.n_merges = self.n_splits = 0
        self.aliases: dict[str, str] = {}
        self.df: np.ndarray | None = None
        self.cdf: np.ndarray | None = None  # character n-gram document frequencies as saved
        self.df_saves = 0  # patch rows since the last snapshot
        self.clear = True  # the stored rows are not ours (fresh state, old blob): delete them first
        self.full = True  # the next save writes everything (after loading an old blob)
        self.smem, self.lmem = _Members("smem"), _Members("lmem")

    def save(self, cl: Any, c: Any, store: Any, name: str) -> dict[str, Any]:
        if self.clear:
            R.remove(c, name)
            self.clear = False
        # article -> story: new articles, and those moved by new merges / splits
        a2s = dict(itertools.islice(cl.article_story.items(), self.n_a2s, None))
        touched = set(a2s.values())
        for m in cl.merges[self.n_merges :]:
            touched.update((m["kept"], m["absorbed"]))
            gone = cl.stories.get(m["absorbed"])
            for a in gone.members if gone is not None else ():
                a2s[a] = cl.article_story[a]
        for s in cl.splits[self.n_splits :]:
            touched.update((s["from"], s["new"]))
            for a in s["articles"]:
                a2s[a] = cl.article_story[a]
        if self.full:
            a2s, touched = dict(cl.article_story), set(cl.stories)
        R.upsert(store, c, name, "a2s", a2s.items())
        R.upsert(store, c, name, "merge", [(R.num_key(i), json.dumps(m)) for i, m in enumerate(cl.merges[self.n_merges :], self.n_merges)])
        R.upsert(store, c, name, "split", [(R.num_key(i), json.dumps(s)) for i, s in enumerate(cl.splits[self.n_splits :], self.n_splits)])
        new_alias = [(k, v) for k, v in cl.aliases.items() if self.aliases.get(k) != v]
        R.upsert(store, c, name, "alias", new_alias)
        self.aliases.update(new_alias)
        self.n_a2s, self.n_merges, self.n_splits = len(cl.article_story), len(cl.merges), len(cl.splits)
        # stories: those that may have changed
        up, live_fp, changed = [], {}, []
        for sid in touched | set(self.story_fp):
            s = cl.stories.get(sid)
            if s is None:
                continue
            fp = _fp(s)
            if self.full or self.story_fp.get(sid) != fp:
                up.append((sid, _row(s)))
                changed.append(s)
            if s.live:
                live_fp[sid] = fp
        R.upsert(store, c, name, "story", sorted(up))
        self.smem.save(c, store, name, changed)
        self.story_fp = live_fp
        # storylines: parents of those stories, lines live now or at the last save
        sl = cl.storylines
        lines = {s.parent for sid in touched if (s := cl.stories.get(sid)) is not None and s.parent} | self.live_lines | set(sl.live)
        if self.full:
            lines = set(sl.lines)
        up, changed = [], []
        for lid in lines:
            ln = sl.lines.get(lid)
            if ln is not None and (self.full or self.line_fp.get(lid) != _fp(ln)):
                up.append((lid, _row(ln)))
                changed.append(ln)
                self.line_fp[lid] = _fp(ln)
        R.upsert(store, c, name, "line", sorted(up))
        self.lmem.save(c, store, name, changed)
        self.live_lines = set(sl.live)
        self.line_fp = {k: v for k, v in self.line_fp.items() if k in self.live_lines}
        # document frequencies (word and character n-gram): changed buckets, folded into a snapshot now and then
        snapshot = self.full or self.df is None or self.df_saves >= DF_SNAPSHOT_EVERY
        self.df = self._save_counts(c, store, name, ("df", "dfp"), cl.df.counts, self.df, snapshot)
        self.cdf = self._save_counts(c, store, name, ("cdf", "cdfp"), cl.small.cdf.counts, None if snapshot else self.cdf, snapshot)
        self.df_saves = 0 if snapshot else self.df_saves + 1
        self.full = False
        return self._scalars(cl)

    def _save_counts(self, c: Any, store: Any, name: str, kinds: tuple[str, str], counts: np.ndarray,
                     saved: np.ndarray | None, snapshot: bool) -> np.ndarray:
        """A snapshot row of a count table (and no patches), or one patch row of the buckets changed since."""
        snap, patch = kinds
        if snapshot or saved is None:
            R.remove(c, name, patch)
            R.upsert(store, c, name, snap, [("0", base64.b64encode(zlib.compress(counts.astype("<i4").tobytes(), 1)).decode("ascii"))])
        else:
            idx = np.nonzero(counts != saved)[0].astype(np.uint32)
            if len(idx):
                R.upsert(store, c, name, patch, [(R.num_key(self.df_saves), R.pack({"i": idx, "v": counts[idx].astype(np.int32)}))])
        return counts.copy()

    @staticmethod
    def _load_counts(store: Any, name: str, kinds: tuple[str, str]) -> np.ndarray | None:
        counts = None
        for _, d in R.read(store, name, kinds[0]):
            counts = np.frombuffer(zlib.decompress(base64.b64decode(d)), dtype="<i4").astype(np.int32)
        if counts is not None:
            for _, d in R.read(store, name, kinds[1]):
                arrs, _h = R.unpack(d)
                counts[arrs["i"]] = arrs["v"]
        return counts

    def _scalars(self, cl: Any) -> dict[str, Any]:
        from .features import DocFreq

        tmp = copy.copy(cl)  # shallow: the clusterer's own state_dict, without its large parts
        tmp.stories, tmp.article_story, tmp.aliases, tmp.merges, tmp.splits = {}, {}, {}, [], []
        tmp.df = DocFreq(cl.df.n_docs, np.zeros(1, dtype=np.int32))
        tmp._light = True  # the character n-gram counts are saved as rows of their own
        tmp.storylines = copy.copy(cl.storylines)
        tmp.storylines.lines = {}
        st = tmp.state_dict()
        for k in ("stories", "article_story", "aliases", "merges", "splits"):
            st.pop(k, None)
        st["storylines"].pop("lines", None)
        return {"format": FORMAT, "df_saves": self.df_saves, "state": st}

    @classmethod
    def load(cls, store: Any, name: str, scalars: dict[str, Any]) -> tuple[Any, ClusterRows]:
        from .cluster import StoryClusterer

        st = dict(scalars["state"])
        tr = cls()
        smem, lmem = tr.smem.load(store, name), tr.lmem.load(store, name)
        st["stories"] = [{**(d := json.loads(x)), "members": smem.get(d["id"], d["members"])} for _, x in R.read(store, name, "story")]
        st["article_story"] = dict(R.read(store, name, "a2s"))
        st["aliases"] = dict(R.read(store, name, "alias"))
        st["merges"] = [json.loads(d) for _, d in R.read(store, name, "merge")]
        st["splits"] = [json.loads(d) for _, d in R.read(store, name, "split")]
        st["storylines"] = {**st["storylines"], "lines": [{**(d := json.loads(x)), "members": lmem.get(d["id"], d["members"])}
                                                          for _, x in R.read(store, name, "line")]}
        counts = cls._load_counts(store, name, ("df", "dfp"))
        if counts is None:
            from ..errors import StoreError

            raise StoreError("cluster state rows have no document-frequency snapshot")
        st["df"] = {"n_docs": st["df"]["n_docs"], "counts": base64.b64encode(zlib.compress(counts.tobytes(), 1)).decode("ascii")}
        ccounts = cls._load_counts(store, name, ("cdf", "cdfp"))
        if ccounts is not None and st.get("char_df"):  # rows saved before the fifth pass have none
            st["char_df"] = {"n_docs": st["char_df"]["n_docs"],
                             "counts": base64.b64encode(zlib.compress(ccounts.tobytes(), 1)).decode("ascii")}
        else:
            st.pop("char_df", None)
        cl = StoryClusterer.from_state(st)
        tr.clear = tr.full = False
        tr.n_a2s, tr.n_merges, tr.n_splits = len(cl.article_story), len(cl.merges), len(cl.splits)
        tr.aliases = dict(cl.aliases)
        tr.story_fp = {sid: _fp(s) for sid, s in cl.stories.items() if s.live}
        tr.live_lines = set(cl.storylines.live)
        tr.line_fp = {lid: _fp(cl.storylines.lines[lid]) for lid in tr.live_lines if lid in cl.storylines.lines}
        tr.df, tr.df_saves = cl.df.counts.copy(), int(scalars["df_saves"])
        tr.cdf = cl.small.cdf.counts.copy() if ccounts is not None else None  # None: the next save writes a snapshot
        return cl, tr
