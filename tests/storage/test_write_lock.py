"""SQLite writers in one process queue on a lock instead of SQLite's sleep-and-retry."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from sqlalchemy import func, insert, select

from mutualscope.services.project import Project, init_project
from mutualscope.storage.users import ProjectSetting as Setting
from mutualscope.storage.write_lock import _lock_for


def sqlite_project(tmp_path: Path) -> Project:
    project, _ = init_project(tmp_path / "lock.db")
    return project


def test_write_lock_released_by_commit_rollback_and_close(tmp_path: Path) -> None:
    project = sqlite_project(tmp_path)
    lock = _lock_for(str(project.target.path))
    try:
        for end in ("commit", "rollback", "close"):
            with project.session() as session:
                session.execute(insert(Setting).values(key=f"k-{end}", value="v"))
                assert lock.locked()
                getattr(session, end)()
                assert not lock.locked(), end
        with project.session() as session:
            session.scalar(select(func.count()).select_from(Setting))
            assert not lock.locked()  # reading takes no lock
    finally:
        project.close()


def test_write_lock_concurrent_writers_all_land_without_long_waits(tmp_path: Path) -> None:
    project = sqlite_project(tmp_path)
    waits: list[float] = []
    guard = threading.Lock()

    def writer(number: int) -> None:
        for i in range(20):
            began = time.perf_counter()
            with project.session() as session:
                session.execute(insert(Setting).values(key=f"w{number}-{i}", value="v"))
                time.sleep(0.002)  # hold the write a little, as a request does
                session.commit()
            with guard:
                waits.append(time.perf_counter() - began)

    try:
        threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with project.session() as session:
            stored = session.scalar(
                select(func.count()).select_from(Setting).where(Setting.key.like("w%"))
            )
        assert stored == 160
        # Eight writers of about 2 ms each: a write waits for the others, not for
        # SQLite's back-off sleeps of up to 100 ms between retries.
        assert max(waits) < 0.3  # about 0.07 s with the lock, over 0.5 s without
    finally:
        project.close()
