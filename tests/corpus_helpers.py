"""A corpus built by a real replay crawl of the fixtures, for the analyst tests."""

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT, SITE


def build_corpus(db: Path) -> Path:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALI_NEWS_")}
    subprocess.run([sys.executable, "-m", "scrapy", "crawl", "cnn_mali",
                    "-s", f"MALI_NEWS_REPLAY={SITE}", "-s", f"MALI_NEWS_DATABASE_URL=sqlite:///{db}",
                    "-s", "LOG_LEVEL=WARNING"], cwd=ROOT, env=env, check=True, capture_output=True)
    return db
