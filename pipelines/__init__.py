"""Processing steps after the spiders: normalize -> attribution -> dedup -> storage.

Each step is a small unit with a config dataclass and a Scrapy item pipeline wrapper; the same
functions serve the batch `newsagg dedup` command without Scrapy or a database.
"""
