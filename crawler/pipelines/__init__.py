"""Item pipelines, in order: clean text -> normalize date -> validate -> dedupe -> store."""

from crawler.pipelines.clean import CleanTextPipeline
from crawler.pipelines.dates import NormalizeDatePipeline
from crawler.pipelines.dedupe import DedupePipeline
from crawler.pipelines.store import StorePipeline
from crawler.pipelines.validate import EssayRejected, ValidatePipeline

__all__ = [
    "CleanTextPipeline",
    "DedupePipeline",
    "EssayRejected",
    "NormalizeDatePipeline",
    "StorePipeline",
    "ValidatePipeline",
]
