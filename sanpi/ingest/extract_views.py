"""The bulletin extraction page: extract → review/fix each draft → confirm the chosen ones.

A refused confirmation (invalid figure, duplicate name, region outside the user's scope)
renders the page again with every draft as the user left it — edits and ticks included —
instead of redirecting to an empty page.
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from sanpi.accounts.access import can_edit_ledger, scope_regions
from sanpi.accounts.models import Region
from sanpi.core.errors import Conflict, DomainError, Forbidden, NotFound

from .services import drafts as draft_services

# what the confirmation writes, and what only travels with the draft so it survives a refusal
DRAFT_KEYS = ("name", "owner", "total_investment_wan", "land_mu", "building_area_m2", "output_value_wan", "phase",
              "source")
CARRIED_KEYS = ("location", "stage")
_STATUS = {NotFound: 404, Forbidden: 403, Conflict: 409}


def _errors(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for ms in exc.message_dict.values() for m in ms]
    return exc.messages


def _writable_regions(user):
    if not can_edit_ledger(user):
        return Region.objects.none()
    return scope_regions(Region.objects.filter(valid_to__isnull=True), user).order_by("path")


def _page(request, *, text: str, lists: list, drafts: list[dict], picked: set[str], region: str = "",
          status: int = 200):
    return render(request, "ingest/extract.html", {
        "text": text, "lists": lists, "drafts": drafts, "picked": picked, "extracted": bool(text.strip()),
        "regions": _writable_regions(request.user), "can_edit": can_edit_ledger(request.user),
        "region": region or getattr(request.user, "region_id", "") or "",
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def extract(request):
    if request.method == "POST" and request.POST.get("action") == "confirm":
        return _confirm(request)
    text = ""
    if request.method == "POST":
        text = request.POST.get("text", "")
        if upload := request.FILES.get("file"):
            try:
                text = draft_services.bulletin_text(name=upload.name, data=upload.read())
            except ValidationError as exc:
                for message in _errors(exc):
                    messages.error(request, message)
        if not text.strip():
            messages.error(request, "请粘贴通稿正文或上传文件。")
    extraction = _extract(text)
    drafts = [{k: ("" if v is None else str(v)) for k, v in p.items()} for p in extraction["projects"]]
    return _page(request, text=text, lists=extraction["lists"], drafts=drafts, picked=set())


def _extract(text: str) -> dict:
    from .parsers.bulletin import extract as extract_bulletin

    if not text.strip():
        return {"lists": [], "projects": []}
    return extract_bulletin(text).to_json()


def _posted_drafts(post) -> list[dict]:
    """Every draft row of the form, in order, as the user left it."""
    indices = sorted({int(m.group(1)) for key in post if (m := re.fullmatch(r"d(\d+)-name", key))})
    return [{"index": str(i), **{key: post.get(f"d{i}-{key}", "") for key in DRAFT_KEYS + CARRIED_KEYS}}
            for i in indices]


def _confirm(request):
    posted = _posted_drafts(request.POST)
    picked = set(request.POST.getlist("pick"))
    # a refusal names the draft by the number the page shows beside it, not by its place among the ticked ones
    chosen = [{**{key: d[key] for key in DRAFT_KEYS}, "position": n}
              for n, d in enumerate(posted, start=1) if d["index"] in picked]
    region = request.POST.get("region", "")
    try:
        projects = draft_services.drafts_confirm(user=request.user, region=region, drafts=chosen)
    except (ValidationError, DomainError) as exc:
        if isinstance(exc, ValidationError):
            for message in _errors(exc):
                messages.error(request, message)
            status = 400
        else:
            messages.error(request, exc.message)
            status = next((code for cls, code in _STATUS.items() if isinstance(exc, cls)), 400)
        text = request.POST.get("text", "")
        return _page(request, text=text, lists=_extract(text)["lists"], drafts=posted, picked=picked,
                     region=region, status=status)
    names = "、".join(p.name for p in projects)
    messages.success(request, f"已登记 {len(projects)} 个项目：{names}。")
    return redirect("ingest:extract")
