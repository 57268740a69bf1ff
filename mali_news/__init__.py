"""Crawl CNN's coverage of the 2012-2013 Mali conflict into a research corpus."""

__version__ = "0.1.0"


class UserError(Exception):
    """A problem the user can fix (a wrong path, an old schema, a bad query): the commands
    print its message, not a traceback, and exit with its status."""

    status = 1


class UsageError(UserError):
    """A command asked for what cannot be (a story the corpus does not hold, a range with no
    day in it, an unknown format): exit status 2, as for a wrong option."""

    status = 2
