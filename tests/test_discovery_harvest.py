"""A harvest's plan: the least time the archives' limits allow, and the groups of live workers."""

from mali_news.discovery.harvest import Plan, worker_groups


def test_the_estimate_is_the_least_the_limits_allow():
    plan = Plan("2012-01-01..2013-12-31", 48, 30, 120, True, 24, 60, 20)
    assert plan.minutes() == 3.0
    assert Plan("2013-01-01..2013-12-31", 48, 10, 120, True, 24, 60, 20).minutes() == 2.0
    text = plan.describe("mali_2013.sqlite")
    assert text.startswith("Continuing the harvest of CNN's Mali coverage (2012-01-01..2013-12-31) into "
                           "mali_2013.sqlite:")
    assert "120 candidates found earlier are still to fetch." in text
    assert "30 queries of Common Crawl's indexes (a page count, then each page) at 20 a minute." in text
    assert "Time at the archives' limits: at least 3 min, plus a minute for every 60 stories found" in text


def test_groups_of_workers_add_their_paces_and_one_group_adds_none():
    apart = Plan("2012-01-01..2013-12-31", 48, 30, 120, True, 24, 60, 20, {"office": 2, "home": 1})
    assert apart.minutes() == 1.5
    assert ("2 groups of workers share the work (home (1 worker), office (2 workers)), each from its own "
            "address at the archives' full pace: the time below is divided by 2.") in apart.describe("c")
    together = Plan("2012-01-01..2013-12-31", 48, 30, 120, True, 24, 60, 20, {"shared": 3})
    assert together.minutes() == 3.0
    assert ("One group of workers (shared, 3 workers): they keep the archives' limits together, so more "
            "workers behind one address add no speed.") in together.describe("c")


def test_the_plan_counts_the_groups_of_the_live_workers(redis_url):
    from mali_news.archives.sharedlimits import SharedLimits

    assert worker_groups("") == {}
    for group, worker in (("office", "a1"), ("office", "a2"), ("home", "b1")):
        SharedLimits.connect(redis_url, "cnn_mali", group).register(worker, 30)
    assert worker_groups(redis_url) == {"office": 2, "home": 1}
