"""Every write of monthly dispatch. Pages, commands and the API call these and nothing else."""

from .problems import access_problem, problem_escalate, problem_raise, problem_resolve, problem_update
from .reminders import notification_mark_read, notify, reminders_send
from .reports import (
    access_report,
    report_approve,
    report_correct,
    report_due_date,
    report_file,
    report_lock,
    report_month_check,
    report_photo_add,
    report_return,
    report_save_draft,
    report_submit,
    reporting_month_lock,
    reporting_month_set_due,
)
from .rulesets import rule_set_revise
from .statistics import counted_investment_set, statistics_document_record

__all__ = [
    "access_problem", "access_report", "counted_investment_set", "statistics_document_record", "notification_mark_read", "notify", "problem_escalate", "problem_raise",
    "problem_resolve", "problem_update", "reminders_send", "report_approve", "report_correct", "report_due_date",
    "report_file", "report_lock", "report_month_check", "report_photo_add", "report_return", "report_save_draft", "report_submit",
    "reporting_month_lock", "reporting_month_set_due", "rule_set_revise",
]
