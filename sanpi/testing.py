"""Factories shared by every app's tests (plain functions, real services where it matters)."""

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from sanpi.accounts.models import Organisation, Region, User
from sanpi.projects.models import Project, StageEvent
from sanpi.projects.validators import uscc_check_char

_seq = itertools.count(1)


def make_user(username: str | None = None, *, role: str = User.Role.ZONE, region: str | None = "410171",
              organisation: Organisation | None = None, **extra: Any) -> User:
    username = username or f"user{next(_seq)}"
    return User.objects.create_user(username, f"{username}@example.invalid", "demo12345", role=role,
                                    region_id=region, organisation=organisation, **extra)


def make_uscc(region: str = "410171") -> str:
    body = f"91{region}{next(_seq):09d}"
    return body + uscc_check_char(body)


def make_org(name: str | None = None, *, region: str = "410171", **extra: Any) -> Organisation:
    n = next(_seq)
    return Organisation.objects.create(name=name or f"测试企业{n}有限公司", region_id=region, **extra)


def make_project(name: str | None = None, *, region: str = "410171", stages: list[tuple[str, dt.date]] = (),
                 **fields: Any) -> Project:
    """A project written directly (fast); stages are stored as events with derived fields set."""
    fields.setdefault("total_investment_wan", Decimal("10000"))
    project = Project.objects.create(name=name or f"测试项目{next(_seq)}", region_id=region, **fields)
    if stages:
        from sanpi.projects import lifecycle

        facts = [lifecycle.Event(lifecycle.Stage(s), on) for s, on in stages]
        StageEvent.objects.bulk_create([StageEvent(project=project, stage=s, occurred_on=on) for s, on in stages])
        project.stage = facts[-1].stage
        project.stage_date = facts[-1].on
        for name_, value in lifecycle.stage_dates(facts).items():
            setattr(project, name_, value)
        project.save()
    return project


def region(code: str) -> Region:
    return Region.objects.get(pk=code)


def at_once(calls: list, rounds: int = 1) -> list[list]:
    """Run calls[i](round) in thread i, every thread released together in each round (a barrier),
    as two requests arriving at the same instant. Returns per round each call's result or the
    exception it raised. Each thread uses its own database connection and closes it at the end."""
    import threading

    from django.db import connections

    barrier = threading.Barrier(len(calls))
    results = [[None] * len(calls) for _ in range(rounds)]

    def worker(i: int) -> None:
        try:
            for r in range(rounds):
                barrier.wait(timeout=60)
                try:
                    results[r][i] = calls[i](r)
                except Exception as exc:  # the caller asserts on what each call answered
                    results[r][i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results
