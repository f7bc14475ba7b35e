"""Worker processes that parse and check pages while the event loop goes on fetching.

Parsing is CPU-bound and the crawl's fetching leaves cores idle, so pages go to
forked worker processes. Each worker is fed over its own socket pair that the
event loop reads and writes directly: unlike ``ProcessPoolExecutor``, whose two
helper threads in this process wake for every page and contend for the GIL with
the loop, nothing here runs outside the loop. That overhead was a fifth of the
crawl's CPU time on two cores.

Jobs and answers are pickles behind an 8-byte length. A worker answers its jobs
in order, so each keeps a queue of the futures waiting on it.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import multiprocessing
import pickle
import resource
import socket
import struct
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from service.settings import usable_cores

_HEADER = struct.Struct("!Q")


def parse_workers() -> int:
    """Worker processes for parsing: one per usable core, none on one core."""
    cores = usable_cores()
    return cores if cores > 1 else 0


class WorkerLost(Exception):
    """A worker process died or hung up before answering."""


def _read_exactly(stream: Any, size: int) -> bytes | None:
    data = stream.read(size)
    return data if len(data) == size else None


# A worker's heap may not grow past this: a page built to exhaust memory then costs one
# worker (replaced, the page reported) rather than the machine.
WORKER_MEMORY_BYTES = 2 * 1024**3


def _serve(sock: socket.socket, work: Callable[[Any], Any], inherited: list[socket.socket]) -> None:
    """A worker's loop: answer each job until the parent hangs up."""
    with contextlib.suppress(ValueError, OSError):  # not every platform has RLIMIT_DATA
        resource.setrlimit(resource.RLIMIT_DATA, (WORKER_MEMORY_BYTES, WORKER_MEMORY_BYTES))
    # The fork copied the parent's ends of every pair; while a copy stays open
    # here, closing them in the parent would never reach the worker as an EOF.
    for parent_end in inherited:
        parent_end.close()
    # A parse tree is ~100,000 objects with reference cycles. Left to the automatic
    # collector they would be traversed several times each as they age through its
    # generations; collected once after each job, each is traversed once.
    gc.disable()
    with sock, sock.makefile("rb") as incoming:
        while True:
            header = _read_exactly(incoming, _HEADER.size)
            if header is None:
                return
            payload = _read_exactly(incoming, _HEADER.unpack(header)[0])
            if payload is None:
                return
            try:
                answer: tuple[bool, Any] = (True, work(pickle.loads(payload)))
            except Exception as exc:  # reported to the caller, like an executor does
                answer = (False, f"{exc.__class__.__name__}: {exc}")
            data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
            del answer
            gc.collect(0)
            sock.sendall(_HEADER.pack(len(data)) + data)


@dataclass
class _Worker:
    process: Any
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    waiting: deque[asyncio.Future[Any]] = field(default_factory=deque)
    listener: asyncio.Task[None] | None = None


class WorkerPool:
    """``size`` forked processes applying ``work`` to the jobs given to ``run``.

    Fork them early (``start``), while the process runs no other thread: forking a
    multi-threaded process can deadlock the child. Use as an async context manager.
    """

    def __init__(self, size: int, work: Callable[[Any], Any]) -> None:
        self.size, self.work = size, work
        self._workers: list[_Worker] = []
        self.replaced = 0  # workers that died and were started again

    async def __aenter__(self) -> WorkerPool:
        parent_ends: list[socket.socket] = []
        for _ in range(self.size):
            self._workers.append(await self._start("fork", parent_ends))
        return self

    async def _start(self, method: str, parent_ends: list[socket.socket]) -> _Worker:
        parent, child = socket.socketpair()
        parent_ends.append(parent)
        context = multiprocessing.get_context(method)
        inherited = list(parent_ends) if method == "fork" else []
        process = context.Process(  # type: ignore[attr-defined]
            target=_serve, args=(child, self.work, inherited), daemon=True
        )
        process.start()
        child.close()
        reader, writer = await asyncio.open_connection(sock=parent)
        worker = _Worker(process, reader, writer)
        worker.listener = asyncio.create_task(self._listen(worker))
        return worker

    async def _replace_dead(self) -> None:
        """Start a new worker for each one that died. Spawned, not forked: by now this
        process may run threads, and forking it could deadlock the child."""
        for i, worker in enumerate(self._workers):
            if worker.listener is not None and worker.listener.done():
                worker.writer.close()
                worker.process.join(timeout=1)
                self.replaced += 1
                self._workers[i] = await self._start("spawn", [])

    async def __aexit__(self, *exc_info: object) -> None:
        for worker in self._workers:
            worker.writer.close()  # the worker sees the end of its input and exits
        for worker in self._workers:
            if worker.listener is not None:
                worker.listener.cancel()
            with contextlib.suppress(ConnectionError):
                await worker.writer.wait_closed()
            worker.process.join(timeout=5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
        self._workers.clear()

    async def run(self, job: Any) -> Any:
        """Apply ``work`` to ``job`` in the least busy worker; raise ``WorkerLost`` if it dies
        (a dead worker is replaced before the next job)."""
        await self._replace_dead()
        worker = min(self._workers, key=lambda w: len(w.waiting))
        data = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
        answer: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        worker.waiting.append(answer)
        worker.writer.write(_HEADER.pack(len(data)) + data)
        await worker.writer.drain()
        return await answer

    async def _listen(self, worker: _Worker) -> None:
        try:
            while True:
                header = await worker.reader.readexactly(_HEADER.size)
                ok, value = pickle.loads(await worker.reader.readexactly(_HEADER.unpack(header)[0]))
                answer = worker.waiting.popleft()
                if not answer.done():
                    if ok:
                        answer.set_result(value)
                    else:
                        answer.set_exception(WorkerLost(value))
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            while worker.waiting:
                answer = worker.waiting.popleft()
                if not answer.done():
                    answer.set_exception(WorkerLost("the worker process stopped"))
