"""The one place that answers "may this user see / change this?".

Every page, API endpoint and command reads through `scope_*` and fetches through `access_*`.
A user sees their region and every region below it; an enterprise sees its own organisation's
projects; a 包联领导 also reads the projects assigned to them. "Not found" and "not yours" raise
the same NotFound, so nothing leaks by the error; Forbidden is only for a record the user may see
but not change. Every `access_*` is a thin wrapper of `fetch`: scope a queryset, take one id.

The rules live in accounts/rules/ by domain — `scope` (regions, projects, fetch), `projects` (a
project's records, files and jobs), `regional` (what a region publishes, a period's statistics,
rankings); this module is their only entry point, so callers import from here.
"""

from .rules.projects import (
    access_approval_evidence,
    access_export_job,
    access_funding_line,
    access_import_job,
    access_pool_move,
    access_problem,
    access_problem_closure,
    access_problem_letter,
    access_project,
    access_report,
    access_report_photo,
    access_stage_evidence,
    check_region_writable,
    may_report,
    may_review_pool_move,
)
from .rules.regional import (
    access_inspection,
    access_keylist,
    access_period,
    access_rule_set,
    access_scheme,
    is_organiser,
    may_own_scheme,
    may_revise_rule_set,
    may_set_target,
    period_totals_visible,
    scope_regional,
    visible_breakdown_rows,
)
from .rules.scope import (
    ADMIN_ROLES,
    LEDGER_ROLES,
    LEVEL_COLUMNS,
    MAX_ID,
    Need,
    can_administer,
    can_edit_ledger,
    fetch,
    is_global,
    parse_id,
    region_codes_below,
    region_in_scope,
    region_rule,
    scope_projects,
    scope_projects_within,
    scope_regions,
)

__all__ = [
    "ADMIN_ROLES", "LEDGER_ROLES", "LEVEL_COLUMNS", "MAX_ID", "Need",
    "access_approval_evidence", "access_export_job", "access_funding_line", "access_import_job", "access_inspection", "access_keylist",
    "access_period", "access_pool_move", "access_problem", "access_problem_closure", "access_problem_letter",
    "access_project", "access_report", "access_report_photo", "access_rule_set", "access_scheme",
    "access_stage_evidence", "can_administer", "can_edit_ledger", "check_region_writable", "fetch", "is_global",
    "is_organiser", "may_own_scheme", "may_report", "may_review_pool_move", "may_revise_rule_set", "may_set_target", "parse_id",
    "period_totals_visible", "region_codes_below", "region_in_scope", "region_rule", "scope_projects",
    "scope_projects_within", "scope_regional", "scope_regions", "visible_breakdown_rows",
]
