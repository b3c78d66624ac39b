from django.apps import AppConfig
from django.db.models.signals import post_save


class ApiConfig(AppConfig):
    name = "sanpi.api"
    verbose_name = "接口与令牌"
    label = "api"

    def ready(self):
        from django.conf import settings

        # Users are deactivated in the admin, the shell or any future service: a receiver is the one
        # place all of those pass. (Authentication also refuses and revokes on an inactive owner.)
        post_save.connect(_revoke_tokens_of_inactive_user, sender=settings.AUTH_USER_MODEL,
                          dispatch_uid="api.revoke_tokens_of_inactive_user")
        post_save.connect(_forget_cached_tokens, sender=settings.AUTH_USER_MODEL,
                          dispatch_uid="api.forget_cached_tokens")


def _revoke_tokens_of_inactive_user(sender, instance, update_fields=None, **kwargs):
    if instance.is_active or (update_fields is not None and "is_active" not in update_fields):
        return
    from .services import tokens_revoke_for_user

    tokens_revoke_for_user(user_id=instance.pk)


def _forget_cached_tokens(sender, instance, created=False, update_fields=None, **kwargs):
    """A saved user (new password, deactivated, another role or region) is checked afresh."""
    if created or (update_fields is not None and set(update_fields) <= {"last_login"}):
        return
    from .services import tokens_forget

    tokens_forget(user_id=instance.pk)
