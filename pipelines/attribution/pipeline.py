from pipelines.attribution.chain import parse_chain
from pipelines.process import paragraphs


class AttributionPipeline:
    """Scrapy item pipeline: the article's attribution chain, publisher first."""

    def process_item(self, item, spider=None):
        item["chain"] = parse_chain(paragraphs(item.get("lead"), item.get("body")), item["outlet"])
        return item
