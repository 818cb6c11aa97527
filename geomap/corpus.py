"""Whole corpora: the same extraction, article by article, in one process or on Dask.

A corpus is read as records (a folder of article files, or JSON Lines files); each article
becomes its own story, so its rows never depend on which other articles share its partition,
and the local and Dask engines give the same tables. Rows carry their article's id and its
position in the corpus.

On Dask (``dask.distributed``), the records are cut into partitions, each worker turns its
partitions into GeoDataFrames and writes them as GeoParquet through dask-geopandas; the
gazetteer is loaded once per worker process (:func:`worker_gazetteer`), not per task. The
local engine writes the same partitioned layout, so either output reads back with
``dask_geopandas.read_parquet`` or ``geopandas.read_parquet``.
"""

from __future__ import annotations

import contextlib
import logging
import operator
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd

from .errors import InputError
from .files import atomic_dir, transaction
from .gazetteer import Gazetteer, load
from .ingest import Articles, read_articles
from .model import Article

__all__ = ["PARTITION_SIZE", "extract_corpus", "extract_records", "worker_gazetteer"]

log = logging.getLogger(__name__)

PARTITION_SIZE = 500  # articles per task: big enough to amortise scheduling, small to balance

_WORKER: dict[str, Any] = {"gazetteer": None, "loads": 0}


def worker_gazetteer() -> Gazetteer:
    """Return this process's gazetteer, loading it on first use only (once per worker)."""
    if _WORKER["gazetteer"] is None:
        _WORKER["gazetteer"] = load()
        _WORKER["loads"] += 1
    gaz: Gazetteer = _WORKER["gazetteer"]
    return gaz


def gazetteer_loads() -> int:
    """Return how many times this process loaded the gazetteer (for tests and monitoring)."""
    return int(_WORKER["loads"])


def extract_records(articles: Sequence[Article], tables: Sequence[str], first: int = 0
                    ) -> dict[str, gpd.GeoDataFrame]:
    """Return the tables of a batch of articles, each article read as its own story.

    Parameters
    ----------
    articles
        The batch.
    tables
        Any of "places", "actors", "events".
    first
        Position of the batch's first article in the corpus (the ``position`` column).
    """
    from .story import story_from_articles
    from .tables import features, rows_frame

    gaz = worker_gazetteer() if articles else None
    rows: dict[str, list[Any]] = {t: [] for t in tables}
    ids: dict[str, list[str]] = {t: [] for t in tables}
    positions: dict[str, list[int]] = {t: [] for t in tables}
    for i, article in enumerate(articles, first):
        story = story_from_articles([article], gazetteer=gaz, name="corpus")
        for table in tables:
            part = features(story, table)  # type: ignore[arg-type]
            rows[table] += part
            ids[table] += [article.id] * len(part)
            positions[table] += [i] * len(part)
    # One frame per batch, not per article: building small typed frames costs more than
    # extracting the article.
    return {table: rows_frame(table, rows[table], {  # type: ignore[arg-type]
        "article": ("string", ids[table]), "position": ("Int64", positions[table])})
        for table in tables}


def _partitions(articles: Sequence[Article], size: int) -> Iterator[tuple[int, list[Article]]]:
    for start in range(0, len(articles), size):
        yield start, list(articles[start:start + size])


def extract_corpus(paths: str | Path | Sequence[str | Path], out_dir: str | Path, *,
                   tables: Sequence[str] = ("events",), engine: str = "local",
                   scheduler: str | None = None, workers: int | None = None,
                   partition_size: int | None = None,
                   progress: bool = True) -> dict[str, Path]:
    """Extract tables from a corpus into partitioned GeoParquet, locally or on Dask.

    Parameters
    ----------
    paths
        Folders of article files, or JSON Lines files.
    out_dir
        Where to write: one folder per table (``<out_dir>/<table>/part.N.parquet``).
    tables
        Which tables: "places", "actors", "events".
    engine
        "local" (this process) or "dask" (``dask.distributed``).
    scheduler
        Address of a running Dask scheduler (``tcp://host:8786``); a ``LocalCluster`` on this
        machine when ``None``.
    workers
        Worker processes of the local cluster (default: one per core).
    partition_size
        Articles per partition (task); by default enough partitions to keep every worker
        busy, at most :data:`PARTITION_SIZE` articles each.
    progress
        Show a progress bar on stderr.

    Returns
    -------
    dict
        Each table's folder.
    """
    articles: Articles = read_articles(paths if isinstance(paths, Sequence) and not isinstance(
        paths, str) else [paths])
    out = Path(out_dir)
    unknown = [t for t in tables if t not in ("places", "actors", "events")]
    if unknown:
        raise InputError(f"unknown table {unknown[0]!r}: choose places, actors or events")
    if partition_size is None:
        spread = 4 * (workers or os.cpu_count() or 1)
        partition_size = max(20, min(PARTITION_SIZE, -(-len(articles) // spread)))
    if engine not in ("local", "dask"):
        raise InputError(f"unknown engine {engine!r}: choose local or dask")
    parts = list(_partitions(articles, partition_size))
    # Each table is written into a fresh folder; the old folders are replaced only once every
    # new one is complete, so an interrupted run leaves the previous tables whole.
    with transaction(), contextlib.ExitStack() as stack:
        staged = {table: stack.enter_context(atomic_dir(out / table)) for table in tables}
        if engine == "local":
            _write_local(parts, tables, staged, progress)
        else:
            _write_dask(parts, tables, staged, scheduler, workers, progress)
    return {table: out / table for table in tables}


def _write_local(parts: list[tuple[int, list[Article]]], tables: Sequence[str],
                 folders: dict[str, Path], progress: bool) -> None:
    for n, (first, batch) in enumerate(_bar(parts, progress, "articles (local)")):
        for table, gdf in extract_records(batch, tables, first).items():
            gdf.to_parquet(folders[table] / f"part.{n}.parquet", index=False)


def _bar(items: list[Any], show: bool, label: str) -> Any:
    if not show:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=label, unit="part", file=None, leave=False)


def _write_dask(parts: list[tuple[int, list[Article]]], tables: Sequence[str],
                folders: dict[str, Path], scheduler: str | None, workers: int | None,
                progress: bool) -> None:
    import dask
    import dask.dataframe as dd
    import dask_geopandas  # noqa: F401  (registers GeoDataFrame support for dask)
    from dask.delayed import delayed
    from dask.distributed import Client, LocalCluster
    from dask.distributed import progress as dask_progress

    if log.getEffectiveLevel() > logging.DEBUG:
        logging.getLogger("distributed").setLevel(logging.ERROR)  # cluster chatter
    if scheduler:
        client = Client(scheduler)
        cluster = None
    else:
        # The workers' statistical profiler samples the running task's stack every 10 ms;
        # on pure-Python work that costs about a tenth of the throughput.
        with dask.config.set({"distributed.worker.profile.enabled": False}):
            cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1,
                                   threads_per_worker=1, processes=True, dashboard_address=":0")
        client = Client(cluster)
    try:
        batches = client.scatter([batch for _, batch in parts]) if parts else []
        results = [delayed(extract_records)(batch, tuple(tables), first)
                   for (first, _), batch in zip(parts, batches, strict=True)]
        jobs = []
        for table in tables:
            meta = extract_records([], [table])[table]
            pieces = [delayed(operator.getitem)(r, table) for r in results]
            ddf = dd.from_delayed(pieces, meta=meta, verify_meta=False) if pieces else (
                dd.from_pandas(meta, npartitions=1))
            jobs.append(ddf.to_parquet(folders[table], write_index=False, compute=False))
        futures = client.compute(jobs)  # every table from one pass over the articles
        if progress:
            dask_progress(futures)
        client.gather(futures)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
