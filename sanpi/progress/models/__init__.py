"""Monthly dispatch: plans, reporting months, reports, alert rules and lights, problems."""

from .alerts import AlertRule, Colour, Dimension, EvaluationRun, Light, ProjectLight, RuleSet, ThresholdKind
from .plans import MonthlyPlan, Notification, ReportingMonth
from .problems import Problem, ProblemEscalation
from .reports import MonthlyReport, ReportPhoto, ReportStep
from .statistics import CountedInvestment, StatisticsDocument

__all__ = [
    "AlertRule", "Colour", "CountedInvestment", "StatisticsDocument", "Dimension", "EvaluationRun", "Light", "MonthlyPlan", "MonthlyReport", "Notification", "Problem",
    "ProblemEscalation", "ProjectLight", "ReportPhoto", "ReportStep", "ReportingMonth", "RuleSet", "ThresholdKind",
]
