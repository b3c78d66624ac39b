from django.contrib import messages
from django.contrib.auth import views as auth_views


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "web/password_change.html"
    success_url = "/"

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "密码已修改。")
        return response
