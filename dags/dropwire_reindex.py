"""Rebuild the archive into a new index and swap it in at once (the alias, on Elasticsearch).

Param `reenrich`: enrich again the documents made by an older pipeline version or model.

It never overlaps the tasks that write to the archive: it takes every slot of their pool
(see dags/dropwire_policy.py), and a high priority so it is next when they drain.
"""

from __future__ import annotations

from airflow.sdk import Param, dag, task
from dropwire_policy import ARCHIVE_POOL, ARCHIVE_POOL_SLOTS

from pipeline.settings import Settings

settings = Settings()


@dag(
    schedule=None,
    catchup=False,
    max_active_runs=1,
    tags=["dropwire"],
    doc_md=__doc__,
    params={"reenrich": Param(False, type="boolean")},
)
def dropwire_reindex():
    @task(pool=ARCHIVE_POOL, pool_slots=ARCHIVE_POOL_SLOTS, priority_weight=1000)
    def reindex(params=None) -> dict:
        from pipeline.ingest import reindex

        return reindex(settings, reenrich=params["reenrich"]).as_dict()

    reindex()


dropwire_reindex()
