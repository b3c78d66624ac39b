from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from .common import landing_url


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "web/password_change.html"
    success_url = "/"

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "密码已修改。")
        return response


@login_required
def landing(request):
    """The page a role starts on (LOGIN_REDIRECT_URL): 待办, 包联项目 or 驾驶舱."""
    return redirect(landing_url(request.user))
