"""python -m mali_news.cli: the mali-news command without its script on PATH."""

import sys

from mali_news.cli import main

sys.exit(main())
