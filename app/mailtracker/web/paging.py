def page_number(raw, *, last: int = 10_000) -> int:
    """The ?page= of a list, 1 to ``last``; anything else is the first page."""
    try:
        return max(1, min(int(raw), last))
    except (TypeError, ValueError):
        return 1
