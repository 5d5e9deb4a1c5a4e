"""The one exception type the `cxlab` command turns into a one-line message instead of a traceback."""


class CxlabError(Exception):
    """A problem the user can fix (a wrong name, a missing folder, a damaged file)."""
