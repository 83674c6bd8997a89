"""Login, logout, password change and signup requests, all through Django's session."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mailtracker.accounts import services
from mailtracker.org.selectors import subsections_all
from mailtracker.security import limiter, lockout
from mailtracker.web.forms import PasswordChangeForm, PreferencesForm, SignupRequestForm
from mailtracker.web.views.uploads import submitted


class LoginView(auth_views.LoginView):
    """The password limiter (django-axes' backend and middleware) watches this form as it does
    the API's login and the admin's, so none is a way around the others."""

    template_name = "web/accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    next_page = "web:login"


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request) -> HttpResponse:
    form = PasswordChangeForm(*submitted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.user_change_password(
                request=request,
                user=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except limiter.Locked as error:
            return lockout.page(request, retry_after=error.retry_after)
        except ValidationError as error:
            form.add_service_error(_on_new_password(error))
        else:
            # Keep this session signed in; every other session and API token ends.
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password has been changed."))
            return redirect("web:dashboard")
    status = 400 if form.errors else 200
    return render(request, "web/accounts/password_change.html", {"form": form}, status=status)


def _on_new_password(error: ValidationError) -> ValidationError:
    """Password validators raise plain messages; they are about the new password."""
    if hasattr(error, "error_dict"):
        return error
    return ValidationError({"new_password": error.messages})


@require_http_methods(["GET", "POST"])
def signup_request(request) -> HttpResponse:
    if request.method == "POST":
        # Every request counts against the sender's address in the password limiter.
        try:
            limiter.ensure_not_locked(request, limiter.SIGNUP)
        except limiter.Locked as error:
            return lockout.page(request, retry_after=error.retry_after, signup=True)
        limiter.count_attempt(request, limiter.SIGNUP)
    form = SignupRequestForm(*submitted(request), subsections=subsections_all())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.signup_request_create(
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                password=data["password"],
                requested_role=data["requested_role"],
                designation=data["designation"],
                subsection=data["subsection"],
            )
        except ValidationError as error:
            form.add_service_error(_on_password(error))
        else:
            return redirect("web:signup-done")
    status = 400 if form.errors else 200
    return render(request, "web/accounts/signup.html", {"form": form}, status=status)


def _on_password(error: ValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return error
    return ValidationError({"password": error.messages})


def signup_done(request) -> HttpResponse:
    return render(request, "web/accounts/signup_done.html")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request) -> HttpResponse:
    """The language of my pages and mails, and which mails I get."""
    user = request.user
    initial = {name: getattr(user, name) for name in services.PREFERENCES}
    form = PreferencesForm(*submitted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.user_preferences_update(user=user, **form.cleaned_data)
        translation.activate(user.language or settings.LANGUAGE_CODE)
        messages.success(request, _("Your settings are saved."))
        return _with_language_cookie(redirect("web:preferences"), user.language)
    status = 400 if form.errors else 200
    return render(request, "web/accounts/preferences.html", {"form": form}, status=status)


@require_POST
def language_switch(request) -> HttpResponse:
    """The header's language switch: saved on the account of a logged-in person (pages and
    mails), in a cookie for the login page."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest("Unknown language.")
    if request.user.is_authenticated:
        services.user_preferences_update(user=request.user, language=language)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return _with_language_cookie(redirect(target), language)


def _with_language_cookie(response, language: str):
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response
