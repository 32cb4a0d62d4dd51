"""A lean local Dask cluster: worker processes without nannies, quiet periodic work.

`LocalCluster(processes=True)` starts one *nanny* process per worker (it watches
the worker's memory every 100 ms and restarts it when it dies) and runs every
process's event loop with Dask's defaults: a 20 ms tick monitor, a system monitor
every 500 ms (psutil, disk counters), a 10 ms statistical profiler. On a machine
with a core per worker those costs come out of the workers' cores. `LeanCluster`
runs the scheduler in the driver process (as LocalCluster does) and starts the
workers as plain ``dask worker --no-nanny`` processes with `LEAN_CONFIG`; the driver
restarts a worker that died (a `Popen.poll` per second, no extra process), so a
killed worker is replaced as a nanny would replace it.

For a cluster started by hand, the same settings are environment variables:
``DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False`` etc. (`lean_environ`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

# Periodic work no one reads in a batch ingest. Values are Dask config keys.
LEAN_CONFIG: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,  # 10 ms sampling of every worker thread
    "distributed.worker.profile.interval": "1s",
    "distributed.worker.profile.cycle": "10s",
    "distributed.admin.tick.interval": "500ms",  # event-loop blocking monitor (default 20 ms)
    "distributed.admin.tick.limit": "60s",
    "distributed.admin.system-monitor.interval": "5s",  # psutil CPU/memory/network (default 500 ms)
    "distributed.admin.system-monitor.disk": False,
    "distributed.admin.system-monitor.gil.enabled": False,
    "distributed.worker.memory.monitor-interval": "1s",  # RSS watchdog (default 100 ms)
    "distributed.scheduler.work-stealing-interval": "1s",
}


def lean_environ(base: dict[str, str] | None = None) -> dict[str, str]:
    """`LEAN_CONFIG` as ``DASK_…`` environment variables (for ``dask worker`` processes)."""
    env = dict(os.environ if base is None else base)
    for key, val in LEAN_CONFIG.items():
        env["DASK_" + "__".join(p.upper().replace("-", "_") for p in key.split("."))] = str(val)
    # the workers import this lagebild even when it runs from a source tree (not installed)
    src = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join([src] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p and p != src])
    env.setdefault("OMP_NUM_THREADS", "1")
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    env.setdefault("MKL_NUM_THREADS", "1")
    return env


class LeanCluster:
    """Scheduler in this process, ``n`` worker processes without nannies (restarted if they die)."""

    def __init__(self, n_workers: int, threads_per_worker: int = 1, *, start_timeout: float = 300.0) -> None:
        import dask
        from distributed import LocalCluster

        self.n, self.threads = n_workers, threads_per_worker
        self._closing = False
        self._lock = threading.Lock()
        with dask.config.set(LEAN_CONFIG):
            # a LocalCluster without workers is a scheduler in this process
            self._sched = LocalCluster(n_workers=0, processes=True, dashboard_address=None, silence_logs=logging.ERROR,
                                       scheduler_kwargs={"dashboard": False})
        self.scheduler_address: str = self._sched.scheduler_address
        self.procs: list[subprocess.Popen] = [self._spawn(i) for i in range(n_workers)]
        self.restarts = 0
        self._watch = threading.Thread(target=self._watchdog, name="lagebild-lean-cluster", daemon=True)
        self._watch.start()

    def _spawn(self, i: int) -> subprocess.Popen:
        cmd = [sys.executable, "-m", "distributed.cli.dask_worker", self.scheduler_address, "--no-nanny",
               "--nthreads", str(self.threads), "--no-dashboard", "--name", f"lean-{i}-{time.monotonic_ns()}",
               "--memory-limit", "0", "--death-timeout", "60"]
        return subprocess.Popen(cmd, env=lean_environ(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)

    def _watchdog(self) -> None:
        while not self._closing:
            time.sleep(1.0)
            with self._lock:
                for i, p in enumerate(self.procs):
                    if not self._closing and p.poll() is not None:  # died (killed, crashed): replace it
                        self.procs[i] = self._spawn(i)
                        self.restarts += 1

    def worker_pids(self) -> list[int]:
        return [p.pid for p in self.procs]

    def close(self) -> None:
        self._closing = True
        with self._lock:
            for p in self.procs:
                with contextlib.suppress(ProcessLookupError):
                    p.terminate()
            for p in self.procs:
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:  # pragma: no cover
                    p.kill()
                    p.wait()
        self._sched.close()

    def __enter__(self) -> LeanCluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
