import pytest

from mali_news.cleaning.titles import strip_site_suffix


@pytest.mark.parametrize(("title", "blog", "headline"), [
    ("Europe terror threat: Greece aids Belgium with investigation  - CNN.com", "",
     "Europe terror threat: Greece aids Belgium with investigation"),
    ("Malian security forces push into rebel territory - CNN.com", "",
     "Malian security forces push into rebel territory"),
    ("Alito and Prelogar clash | CNN Politics", "", "Alito and Prelogar clash"),
    ("French jets strike Gao | CNN", "", "French jets strike Gao"),
    ("Donald Trump won't change - CNNPolitics.com", "", "Donald Trump won't change"),
    ("Hamilton crashes car - CNN", "", "Hamilton crashes car"),
    ("Clashes in Syria - CNNArabic.com", "", "Clashes in Syria"),
    # Blogs: the post, an en dash, the blog's name, then CNN's.
    ("Mali's army retakes Konna \u2013 This Just In - CNN.com Blogs", "", "Mali's army retakes Konna"),
    ("Mali's army retakes Konna \u2013 This Just In - CNN.com Blogs", "This Just In",
     "Mali's army retakes Konna"),
    ("U.S. drones over Mali \u2013 Security Clearance - CNN.com Blogs", "Security Clearance",
     "U.S. drones over Mali"),
    ("Timbuktu \u2013 a city of saints \u2013 Global Public Square - CNN.com Blogs", "Global Public Square",
     "Timbuktu \u2013 a city of saints"),
    ("Mali's north \u2013 Security Clearance", "Security Clearance", "Mali's north"),
    # The site's name alone is no headline; "CNN" inside a headline stays.
    ("CNN.com", "", ""),
    ("What CNN saw - in Gao", "", "What CNN saw - in Gao"),
    ("Mali - the CNN way", "", "Mali - the CNN way"),
    ("", "", ""),
])
def test_strip_site_suffix(title, blog, headline):
    assert strip_site_suffix(title, blog) == headline
