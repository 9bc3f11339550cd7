"""The page readers: one pool of threads, one per core, that a batch's documents share.

Pages of one document are read in parallel: Tesseract and OpenCV release the GIL, so
threads keep the cores busy without the start-up of a process pool. A batch makes one
`PageReaders` and passes it to every document it reads (`ocr.document.read_document`),
so it never runs more Tesseracts than cores. The pool takes the most urgent work first:
a document's second-look re-reads, which its completion waits on, then pages, largest
first, so that no big page starts last and keeps one core busy while the other idles.
"""
from __future__ import annotations

import functools
import heapq
import itertools
import os
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import TypeVar

T = TypeVar("T")

_page_reader = threading.local()  # set in the threads of a `PageReaders`

# What a `PageReaders` pool runs first: lower first.
URGENT = 0  # a second look's re-read: a document's completion waits on it, and it is short
PAGE = 1


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class PageReaders(Executor):
    """A fixed pool of page-reader threads taking the most urgent task first.

    Tasks are ranked (`URGENT` before `PAGE`), then by size, largest first: with the
    longest pages started first the last ones to finish are short, so both cores stay
    busy to the end. Equal tasks run in the order given.
    """

    def __init__(self, workers: int) -> None:
        self._tasks: list[tuple[int, float, int, Future, Callable, tuple]] = []
        self._order = itertools.count()
        self._ready = threading.Condition()
        self._closed = False
        self._threads = [threading.Thread(target=self._work, name=f"page-{n}", daemon=True)
                         for n in range(workers)]
        for thread in self._threads:
            thread.start()

    def submit(self, fn: Callable, /, *args: object, **kwargs: object) -> Future:
        """Run `fn(*args, **kwargs)` as a page of no known size."""
        return self.submit_ranked(PAGE, 0.0, functools.partial(fn, *args, **kwargs))

    def submit_ranked(self, rank: int, size: float, fn: Callable, *args: object) -> Future:
        """Run `fn(*args)` before every task of a higher `rank`, and of the same rank a smaller `size`."""
        future: Future = Future()
        with self._ready:
            if self._closed:
                raise RuntimeError("the page readers have shut down")
            heapq.heappush(self._tasks, (rank, -size, next(self._order), future, fn, args))
            self._ready.notify()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Finish the queued tasks (or cancel them), then stop the threads."""
        with self._ready:
            self._closed = True
            if cancel_futures:
                for task in self._tasks:
                    task[3].cancel()
                self._tasks.clear()
            self._ready.notify_all()
        if wait:
            for thread in self._threads:
                thread.join()

    def _work(self) -> None:
        _page_reader.active = True
        while True:
            with self._ready:
                while not self._tasks and not self._closed:
                    self._ready.wait()
                if not self._tasks:
                    return
                _, _, _, future, fn, args = heapq.heappop(self._tasks)
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = fn(*args)
            except BaseException as exc:  # noqa: BLE001  handed to the waiting caller
                future.set_exception(exc)
            else:
                future.set_result(result)


def on_page_readers(readers: Executor | None, fn: Callable[..., T], *args: object) -> T:
    """`fn(*args)` run as an urgent task of the batch's page readers, waited for; run here when
    there are no such readers, or when this thread is one of them."""
    if readers is None or getattr(_page_reader, "active", False):
        return fn(*args)
    if isinstance(readers, PageReaders):
        return readers.submit_ranked(URGENT, 0.0, fn, *args).result()
    return readers.submit(fn, *args).result()
