from parsel import Selector

from mali_news.parsers import detect_layout, transcript

URL = "http://edition.cnn.com/TRANSCRIPTS/1208/06/ampr.01.html"
PAGE = """<html><head><title>CNN.com - Transcripts</title></head><body>
<table id="cnnArticleWireFrame"><tr><td>
<P><a href="/TRANSCRIPTS/" class="cnnTransProv">Return to Transcripts main page</a></P>
<P class="cnnTransStoryHead">AMANPOUR</P>
<P class="cnnTransSubHead">Al Qaeda in Mali; Syrian Prime Minister Flees the Country</P>
<P class="cnnBodyText">Aired August 6, 2012 - 15:00:00 &nbsp; ET</P>
<P class="cnnBodyText">THIS IS A RUSH TRANSCRIPT. THIS COPY MAY NOT BE IN ITS FINAL FORM AND MAY BE
UPDATED.</P>
<P class="cnnBodyText"><br>     CHRISTIANE AMANPOUR, CNN HOST:  Tonight, Syria's prime minister flees.
<br> <br>     And in Mali, al Qaeda's allies hold Timbuktu.
<br> <br>     (BEGIN VIDEOTAPE)
<br> <br>     HAMAHA (Through Translator):  We will apply Sharia in Timbuktu.
<br> <br>     AMANPOUR:  The prime minister of Syria has defected.</P>
</td></tr></table></body></html>"""


def test_a_transcript_is_detected_before_the_story_templates():
    assert detect_layout(Selector(text=PAGE), URL) == "transcript"


def test_show_segments_aired_time_and_turns():
    article = transcript.parse(Selector(text=PAGE), URL)
    assert (article.kind, article.section, article.title) == (
        "transcript", "AMANPOUR", "Al Qaeda in Mali; Syrian Prime Minister Flees the Country")
    assert article.timestamp_text == "Aired August 6, 2012 - 15:00:00 ET"
    assert article.url == "https://transcripts.cnn.com/TRANSCRIPTS/1208/06/ampr.01.html"
    assert [(t.speaker, t.role, t.text) for t in article.turns] == [
        ("CHRISTIANE AMANPOUR", "CNN HOST", "Tonight, Syria's prime minister flees.\n"
         "And in Mali, al Qaeda's allies hold Timbuktu.\n(BEGIN VIDEOTAPE)"),
        ("HAMAHA", "Through Translator", "We will apply Sharia in Timbuktu."),
        ("AMANPOUR", "", "The prime minister of Syria has defected.")]
    assert [b.kind for b in article.blocks] == ["editor_note"] + ["paragraph"] * 5
