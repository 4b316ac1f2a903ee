"""Batch runs on dask.distributed: partitions extracted by workers, stored as Parquet and
loaded into the database in bulk; resumable."""

from sitrep.batch.run import BatchReport, run_batch

__all__ = ["BatchReport", "run_batch"]
