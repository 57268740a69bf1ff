"""Every private part of Scrapy the crawl uses is still where mali_news/scrapyinternals.py reaches for it."""

import inspect
from importlib.metadata import requires, version

import pytest
import scrapy.pqueues
from packaging.requirements import Requirement
from scrapy.core.engine import ExecutionEngine
from scrapy.pqueues import DownloaderAwarePriorityQueue

from mali_news.scrapyinternals import USED, slot_folder

# How each one is found in the installed Scrapy.
FOUND = {
    "ExecutionEngine._slot": lambda: "self._slot" in inspect.getsource(ExecutionEngine),
    "DownloaderAwarePriorityQueue._downloader_interface":
        lambda: "self._downloader_interface" in inspect.getsource(DownloaderAwarePriorityQueue.__init__),
    "DownloaderAwarePriorityQueue._next_slot": lambda: callable(getattr(DownloaderAwarePriorityQueue,
                                                                        "_next_slot", None)),
    "scrapy.pqueues._path_safe": lambda: callable(getattr(scrapy.pqueues, "_path_safe", None)),
}


def test_each_private_part_used_is_checked():
    assert set(FOUND) == set(USED)


@pytest.mark.parametrize("name", sorted(USED))
def test_the_private_part_is_in_the_installed_scrapy(name):
    assert FOUND[name](), f"Scrapy {version('scrapy')} no longer has {name}: {USED[name]}"


def test_the_installed_scrapy_is_in_the_pinned_range():
    (pin,) = [Requirement(r) for r in requires("mali-news") if Requirement(r).name == "scrapy"]
    assert pin.specifier.contains(version("scrapy")) and pin.specifier.filter(["2.13"]) and \
        not list(pin.specifier.filter(["3.0"])), pin


def test_a_slots_folder_is_named_as_scrapys_own_queue_names_it(tmp_path):
    assert slot_folder(str(tmp_path), "web.archive.org/index").parent == tmp_path
    assert "/" not in slot_folder(str(tmp_path), "web.archive.org/index").name
