"""Analysts' corrections inside the streaming clusterer: `split` and `merge` by hand (logged), and the
rule that an automatic merge never re-joins two stories an analyst split apart. Mixed into
`StoryClusterer`; the store side (rows, labels, locks) is `story_edits`. Streaming decisions never
call `split` or `merge`.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .cluster_state import Aggregate, parse_date
from .features import ArticleVec, vectorise

if TYPE_CHECKING:
    from .cluster import ClusterInput


class ManualEdits:
    """`StoryClusterer`'s analyst corrections (uses its stories, aliases, logs and index)."""

    def split(self, story_id: str, items: Sequence[ClusterInput], reason: str = "", *, log: dict[str, Any] | None = None,
              span: tuple[float, float] | None = None) -> str:
        """Move the given articles of a story into a new story (logged; ``log`` is added to the log entry,
        e.g. who split it and when). The new story joins the source's storyline; ``span`` (first, last day
        of the articles that stay, when known) corrects the source's time span. Only an analyst's correction
        splits (`lagebild.corpus.story_edits`): streaming decisions never call it."""
        src = self.stories[self.resolve(story_id)]
        ids = {it.id for it in items}
        if not ids or not ids <= set(src.members):
            raise ValueError(f"split of {src.id}: the articles must be its members")
        t0 = min(parse_date(it.date) or src.last_t for it in items)
        new = self._new_story(None, t0)
        line = self.storylines.lines.get(src.parent) if src.parent else None
        if line is not None:  # split out of a story, still part of its storyline
            new.parent = src.parent
            line.members.append(new.id)
        for it in items:
            v = vectorise(it.title, it.text, it.lang, self.df, it.entities, update_df=False, ent_keys=self.ent_keys)
            v.emb = self._embedding(it)
            t = parse_date(it.date) or src.last_t
            for agg, scale in ((src, -1.0), (new, 1.0)):
                for name in ("terms", "title", "ents"):
                    vec, tgt = getattr(v, name), getattr(agg, name)
                    for k, x in vec.items():
                        tgt[k] = tgt.get(k, 0.0) + scale * x
                if v.emb is not None and agg.emb_sum is not None:
                    agg.emb_sum = agg.emb_sum + scale * v.emb
            if v.emb is not None:  # the moved article's vector no longer stands for the source's members
                src.member_embs = [m for m in src.member_embs if float(np.dot(m, v.emb)) < 0.9999]
            if it.lang and src.langs.get(it.lang, 0) > 0:
                src.langs[it.lang] -= 1
                if not src.langs[it.lang]:
                    del src.langs[it.lang]
            new.add(ArticleVec({}, {}, {}, v.emb if new.emb_sum is None else None, v.surfaces), t, it.lang, it.id, self.keep_terms, self.keep_ents)
            self.article_story[it.id] = new.id
        src.members = [m for m in src.members if m not in ids]
        src.size = len(src.members)
        if span is not None:
            src.first_t, src.last_t = span
        src.member_chars = []  # which signature belonged to which member is not kept: no small-story check
        src.member_leads, src.member_e5 = [], []
        for agg in (src, new):
            for name in ("terms", "title", "ents"):
                setattr(agg, name, {k: x for k, x in getattr(agg, name).items() if x > 1e-9})
            agg.refresh()
            self._reindex(agg)
            heapq.heappush(self._heap, (agg.last_t, agg.seq, agg.id))
        self.splits.append({"from": src.id, "new": new.id, "articles": sorted(ids), "reason": reason, **(log or {})})
        return new.id

    def merge(self, a: str, b: str, *, log: dict[str, Any] | None = None) -> str:
        """Merge two stories by hand (an analyst's correction), exactly as an automatic merge (`_merge`):
        the older ID survives, the younger becomes its alias; ``log`` is added to the merge's log entry.
        Returns the surviving ID."""
        sa, sb = self.stories[self.resolve(a)], self.stories[self.resolve(b)]
        if sa.id == sb.id:
            raise ValueError(f"{a} and {b} are one story ({sa.id})")
        keep, gone = (sa, sb) if sa.seq < sb.seq else (sb, sa)
        if gone.live and not keep.live:  # the merged story takes the live one's place among the candidates
            self._revive(keep)
        self._merge(keep, gone, None, log)
        return keep.id

    def _kept_apart(self, a: Aggregate, b: Aggregate) -> bool:
        """Whether an analyst split these two stories apart (a manual `split`): no automatic merge joins
        them again (an analyst's merge still can). Streams without manual splits decide as before."""
        for s in self.splits:
            if s.get("manual") and {self.resolve(s["from"]), self.resolve(s["new"])} == {a.id, b.id}:
                return True
        return False
