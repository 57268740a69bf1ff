"""Scrapy commands of the project (COMMANDS_MODULE): `scrapy crawl` answers as `mali-news crawl` does."""
