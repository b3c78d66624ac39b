from django.core.management.base import BaseCommand

from sanpi.api.services import idempotency_keys_purge


class Command(BaseCommand):
    help = "删除超过 24 小时的 API 幂等键记录（Idempotency-Key）。"

    def handle(self, *args, **options):
        self.stdout.write(f"已删除 {idempotency_keys_purge()} 条过期幂等键记录。")
