"""Login, logout, password change and signup requests, all through Django's session."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from mailtracker.accounts import services
from mailtracker.org.selectors import subsections_all
from mailtracker.security import limiter, lockout
from mailtracker.web.forms import PasswordChangeForm, SignupRequestForm
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
            messages.success(request, "Your password has been changed.")
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
