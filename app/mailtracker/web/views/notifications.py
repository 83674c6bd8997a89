"""What waits for me: my notifications, newest first, unread ones marked; and marking them
read (opening a record reads its notifications too, see record.record_detail)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mailtracker.notifications import mail, selectors, services
from mailtracker.web.paging import page_number

PAGE_SIZE = 50


@login_required
@require_GET
def notification_list(request) -> HttpResponse:
    page = page_number(request.GET.get("page"), last=1000)
    rows = list(
        selectors.notifications_of(request.user)[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1]
    )
    items = [(n, mail.headline(n)) for n in rows[:PAGE_SIZE]]
    context = {"items": items, "page": page, "has_next": len(rows) > PAGE_SIZE}
    return render(request, "web/notifications.html", context)


@login_required
@require_POST
def notifications_read(request) -> HttpResponse:
    count = services.notifications_mark_read(user=request.user)
    messages.success(request, _("Marked %(count)s as read.") % {"count": count})
    return redirect("web:notifications")
