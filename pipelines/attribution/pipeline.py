from pipelines.attribution.chain import parse_chain


class AttributionPipeline:
    """Scrapy item pipeline: the article's attribution chain, publisher first (after NormalizePipeline)."""

    def process_item(self, item, spider=None):
        item["chain"] = parse_chain(list(item["normalized"].paragraphs), item["outlet"])
        return item
