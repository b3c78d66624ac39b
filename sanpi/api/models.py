from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A personal API key. Only the SHA-256 of the key is stored: the key is shown once, at creation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField("名称", max_length=64)
    key_hash = models.CharField("密钥摘要（SHA-256）", max_length=64, unique=True)
    # The first characters of the key, so that a user can tell their tokens apart without the key.
    prefix = models.CharField("密钥前缀", max_length=16)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用时间", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    expires_at = models.DateTimeField("过期时间")
    # SHA-256 of the owner's password hash when the token was made: a changed password no longer
    # matches, and the token is refused (and revoked) from then on, whichever path changed it.
    password_fingerprint = models.CharField("密码指纹", max_length=64, editable=False)

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @property
    def is_expired(self) -> bool:
        from django.utils import timezone

        return self.expires_at <= timezone.now()


class IdempotencyKey(models.Model):
    """An `Idempotency-Key` a client sent with a write, and the answer it got: a retry with the same
    key and body within 24 hours gets that answer again instead of writing twice. `status` is null
    while the first request is still running."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE,
                             related_name="+")
    key = models.CharField("幂等键", max_length=200)
    request_hash = models.CharField("请求摘要（SHA-256）", max_length=64)
    status = models.PositiveSmallIntegerField("响应状态码", null=True, blank=True)
    body = models.BinaryField("响应内容", default=b"")
    content_type = models.CharField("响应类型", max_length=100, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "幂等键"
        verbose_name_plural = "幂等键"
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user")]

    def __str__(self) -> str:
        return self.key
