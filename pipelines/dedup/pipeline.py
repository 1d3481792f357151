from config import step_config
from pipelines.dedup.index import DedupConfig
from pipelines.dedup.signature import signature


class SignaturePipeline:
    """Scrapy item pipeline: the MinHash signature, sentence hashes and figures of the article."""

    def __init__(self):
        self.config = step_config(DedupConfig, "dedup")

    def process_item(self, item, spider=None):
        item["signature"] = signature(item["normalized"], self.config.num_perm, self.config.shingle_chars)
        return item
