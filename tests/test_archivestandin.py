"""The stand-in keeps the archive's rules: a client that goes on through 429s is blocked."""

import http.client
import urllib.error
import urllib.request

from tests.archivestandin import Rules, standin
from tests.archiveworld import generate


def test_a_client_that_ignores_429s_for_over_a_minute_is_blocked_at_the_firewall():
    with standin(generate(10, 2, seed=1), Rules(scale=100.0)) as (archive, _live, _):
        url = f"{archive.base_url}/cdx/search/cdx?url=cnn.com/2013/&matchType=prefix&output=json"
        statuses = []
        while len(statuses) < 10_000:
            try:
                with urllib.request.urlopen(url, timeout=5) as answer:
                    statuses.append(answer.status)
            except urllib.error.HTTPError as exc:
                statuses.append(exc.code)
            except (ConnectionResetError, http.client.RemoteDisconnected):
                continue  # asked just as the firewall closed
            except urllib.error.URLError as exc:
                if isinstance(exc.reason, ConnectionRefusedError):
                    break
                assert isinstance(exc.reason, ConnectionResetError)
        # 24 a minute (0.6 s here) pass, then 429s, ignored for over a minute (0.6 s): blocked.
        assert statuses[:24] == [200] * 24 and 429 in statuses
        assert archive.blocked()
        start, end, why = archive.refusals[0]
        assert (why, round(end - start)) == ("block", 36)
