from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "accord.web"
    verbose_name = "Web"

    def ready(self):
        from django.contrib import admin

        from . import otp

        # The admin's sign-in asks for the second factor too, and its pages need a verified session.
        admin.site.login_form = otp.AdminLoginForm
        admin.site.login_template = "web/admin_login.html"
        admin.site.has_permission = otp.admin_has_permission(admin.site.has_permission)
