import scrapy


class ArticleItem(scrapy.Item):
    # extracted from the page (crawler.parsers)
    url = scrapy.Field()
    outlet = scrapy.Field()            # registry id of the publisher
    title = scrapy.Field()
    kicker = scrapy.Field()
    lead = scrapy.Field()
    body = scrapy.Field()              # paragraphs joined by newlines
    published = scrapy.Field()         # aware UTC datetime, or None (then "published" is in missing)
    modified = scrapy.Field()
    authors = scrapy.Field()
    section = scrapy.Field()
    tags = scrapy.Field()
    canonical_url = scrapy.Field()
    outlet_article_id = scrapy.Field()
    parser = scrapy.Field()            # parser@layout that extracted it
    missing = scrapy.Field()           # fields the page did not give
    # added by the pipelines
    normalized = scrapy.Field()
    chain = scrapy.Field()
    signature = scrapy.Field()
    saved = scrapy.Field()
