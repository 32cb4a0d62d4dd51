"""A rich progress bar on stderr for the slow evals (clustering a stream, encoding pair texts)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def bar(label: str, total: int, on: bool = True) -> Iterator[Callable[[int], None]]:
    """``with bar("clustering the stream", n) as advance: ... advance(k)``; ``on`` False: a no-op."""
    if not on:
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as prog:
        task = prog.add_task(label, total=total)
        yield lambda n: prog.advance(task, n)
