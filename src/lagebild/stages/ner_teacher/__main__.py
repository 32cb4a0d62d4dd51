"""``python -m lagebild.stages.ner_teacher {train,silver,bench}`` — see `cli`."""

from .cli import main

raise SystemExit(main())
