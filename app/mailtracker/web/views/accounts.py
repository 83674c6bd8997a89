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
from mailtracker.accounts.throttling import LoginRateThrottle
from mailtracker.org.selectors import subsections_all
from mailtracker.web.forms import PasswordChangeForm, SignupRequestForm
from mailtracker.web.views.uploads import submitted


class _ThrottleSubject:
    """What the API's login throttle reads from a request, taken from a form post."""

    def __init__(self, request):
        self.data = request.POST
        self.META = request.META
        self.headers = request.headers


class LoginView(auth_views.LoginView):
    """The API's login limit applies here too, so the form is no way around it."""

    template_name = "web/accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if not LoginRateThrottle().allow_request(_ThrottleSubject(request), self):
            return render(request, "web/accounts/throttled.html", status=429)
        return super().post(request, *args, **kwargs)


class LogoutView(auth_views.LogoutView):
    next_page = "web:login"


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request) -> HttpResponse:
    form = PasswordChangeForm(*submitted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.user_change_password(
                user=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
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
