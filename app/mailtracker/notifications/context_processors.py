from mailtracker.notifications.selectors import unread_count


def unread_notifications(request) -> dict:
    """The header's unread count, on every staff page (one indexed count)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}
