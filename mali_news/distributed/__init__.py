"""A crawl shared by several workers: the Redis frontier and the scheduler that claims its requests."""
