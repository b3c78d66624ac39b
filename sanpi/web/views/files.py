"""Downloads of stored files: each through the access rule of the record it belongs to.

There is no public /media/ URL; these views are the only way to a stored file (see
`sanpi/core/downloads.py` for the headers and the X-Accel-Redirect hand-off).
"""

from django.contrib.auth.decorators import login_required

from sanpi.accounts import access
from sanpi.core.downloads import file_response


@login_required
def stage_evidence(request, event_id: int):
    event = access.access_stage_evidence(user=request.user, event_id=event_id)
    return file_response(event.evidence, filename=f"佐证材料-{event.pk}{_suffix(event.evidence.name)}")


@login_required
def report_photo(request, photo_id: int):
    photo = access.access_report_photo(user=request.user, photo_id=photo_id)
    return file_response(photo.image, filename=f"形象进度照片-{photo.pk}{_suffix(photo.image.name)}")


@login_required
def problem_closure(request, problem_id: int):
    problem = access.access_problem_closure(user=request.user, problem_id=problem_id)
    return file_response(problem.closure_evidence,
                         filename=f"销号佐证-{problem.pk}{_suffix(problem.closure_evidence.name)}")


@login_required
def approval_evidence(request, item_id: int):
    item = access.access_approval_evidence(user=request.user, item_id=item_id)
    return file_response(item.evidence, filename=f"前期手续佐证-{item.pk}{_suffix(item.evidence.name)}")


@login_required
def problem_letter(request, escalation_id: int):
    escalation = access.access_problem_letter(user=request.user, escalation_id=escalation_id)
    return file_response(escalation.letter, filename=f"{escalation.number}{escalation.get_level_display()}.docx")


@login_required
def import_upload_file(request, job_id: int):
    from sanpi.ingest.selectors import import_job_get

    job = import_job_get(user=request.user, job_id=job_id)
    return file_response(job.file, filename=job.original_name or None)


def _suffix(name: str) -> str:
    tail = name.rsplit("/", 1)[-1]
    return tail[tail.rfind("."):] if "." in tail else ""
