"""The worker pool that parses pages beside the crawl."""

from __future__ import annotations

import asyncio
import os

import pytest

from service.audit.crawl.workers import WorkerLost, WorkerPool


def square_with_pid(n: int) -> tuple[int, int]:
    if n < 0:
        raise ValueError("negative")
    if n == 999:
        os._exit(3)  # a worker killed mid-job (out of memory, say)
    return n * n, os.getpid()


def test_every_job_is_answered_with_its_own_result_across_workers() -> None:
    async def main() -> list[tuple[int, int]]:
        async with WorkerPool(2, square_with_pid) as pool:
            return await asyncio.gather(*(pool.run(n) for n in range(200)))

    answers = asyncio.run(main())
    assert [square for square, _ in answers] == [n * n for n in range(200)]
    pids = {pid for _, pid in answers}
    assert len(pids) == 2 and os.getpid() not in pids


def test_large_jobs_cross_whole() -> None:
    async def main() -> int:
        async with WorkerPool(1, len) as pool:
            return int(await pool.run(b"x" * 6_000_000))  # far over a socket buffer

    assert asyncio.run(main()) == 6_000_000


def test_an_exception_in_a_job_is_raised_to_its_caller_and_the_worker_goes_on() -> None:
    async def main() -> tuple[str, tuple[int, int]]:
        async with WorkerPool(1, square_with_pid) as pool:
            with pytest.raises(WorkerLost) as failed:
                await pool.run(-1)
            return str(failed.value), await pool.run(3)

    message, (square, _) = asyncio.run(main())
    assert message == "ValueError: negative"
    assert square == 9


def test_a_dead_worker_fails_its_job_and_is_replaced() -> None:
    async def main() -> tuple[int, int, int]:
        async with WorkerPool(1, square_with_pid) as pool:
            _, first_pid = await pool.run(1)
            with pytest.raises(WorkerLost):
                await asyncio.wait_for(pool.run(999), timeout=10)
            square, second_pid = await asyncio.wait_for(pool.run(2), timeout=10)
            return square, first_pid, second_pid

    square, first_pid, second_pid = asyncio.run(main())
    # One hostile page that kills its parser costs that page, not the rest of the crawl.
    assert square == 4
    assert second_pid != first_pid


def test_leaving_the_pool_stops_its_processes_at_once() -> None:
    async def main() -> list[int]:
        async with WorkerPool(2, square_with_pid) as pool:
            await pool.run(1)
            processes = [w.process for w in pool._workers]
        return [p.exitcode for p in processes]

    # Exit code 0: each saw its input end and returned; none had to be killed.
    assert asyncio.run(main()) == [0, 0]
