"""Whitespace and glyph normalisation shared by parsers and cleaners."""

# Zero-width characters become spaces; C0 controls other than tab and newlines, and DEL, go:
# they are never text. U+FFFD stays: it marks bytes no codec maps (NULs go before parsing).
_TRANSLATION = {0x200B: " ", 0xFEFF: " ", 0x2060: " ", 0x7F: None}
_TRANSLATION.update({code: None for code in range(0x20) if code not in (0x09, 0x0A, 0x0D)})


def normalize_space(text: str | None) -> str:
    """Collapse every run of whitespace (non-breaking and zero-width too) to one space and
    drop control characters."""
    if not text:
        return ""
    # str.split() already knows Unicode spaces (no-break, thin, ideographic ...).
    return " ".join(text.translate(_TRANSLATION).split())


def duration(seconds: float) -> str:
    """A length of time as a person says it: "45 s", "30 min", "6 h", "1 day", "2 days 3 h"."""
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{round(seconds / 60)} min"
    days, rest = divmod(seconds, 86400)
    hours = round(rest / 3600)
    if not days:
        return f"{hours} h"
    whole = f"{days} day{'s' if days != 1 else ''}"
    return f"{whole} {hours} h" if hours else whole
