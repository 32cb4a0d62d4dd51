"""Syndication groups: union-find over copy links, original = earliest member.

"Earliest" orders by publication day (an article without a date is placed at
the stream clock: the latest date seen so far, i.e. it is assumed to be
published when it arrived), then by arrival number.
"""

from __future__ import annotations

import datetime as _dt
from array import array
from typing import Any

NO_DAY = 2**31 - 1


def day_number(date: str | None) -> int | None:
    """ISO date (day, month or year precision, optional time) -> proleptic day number."""
    if not date:
        return None
    s = str(date).strip()
    try:
        if len(s) >= 10:
            return _dt.date.fromisoformat(s[:10]).toordinal()
        if len(s) == 7:
            return _dt.date(int(s[:4]), int(s[5:7]), 1).toordinal()
        if len(s) == 4:
            return _dt.date(int(s), 1, 1).toordinal()
    except ValueError:
        return None
    return None


class Groups:
    """Union-find with path halving; each root remembers its earliest member."""

    def __init__(self) -> None:
        self.parent = array("I")
        self.first = array("I")  # per root: member with the smallest (day, arrival)
        self.day = array("i")  # effective day of each member
        self.clock = 0

    def __len__(self) -> int:
        return len(self.parent)

    def add(self, day: int | None) -> int:
        idx = len(self.parent)
        if day is None:
            day = self.clock
        else:
            self.clock = max(self.clock, day)
        self.parent.append(idx)
        self.first.append(idx)
        self.day.append(day)
        return idx

    def find(self, i: int) -> int:
        p = self.parent
        while p[i] != i:
            p[i] = p[p[i]]
            i = p[i]
        return i

    def _key(self, i: int) -> tuple[int, int]:
        return (self.day[i], i)

    def union(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if ra > rb:
            ra, rb = rb, ra
        self.parent[rb] = ra
        fa, fb = self.first[ra], self.first[rb]
        self.first[ra] = fa if self._key(fa) <= self._key(fb) else fb
        return ra

    def original(self, i: int) -> int:
        return self.first[self.find(i)]

    def state_dict(self) -> dict[str, Any]:
        return {"parent": self.parent.tobytes(), "first": self.first.tobytes(), "day": self.day.tobytes(),
                "clock": self.clock}

    @classmethod
    def from_state(cls, d: dict[str, Any]) -> "Groups":
        g = cls()
        g.parent.frombytes(d["parent"])
        g.first.frombytes(d["first"])
        g.day.frombytes(d["day"])
        g.clock = int(d["clock"])
        return g
