from .inspections import InspectionEvent, InspectionItem, InspectionProject, InspectionScore
from .schemes import Ranking, RegionGroup, Scheme, SchemeIndicator
from .targets import ActivityTask, Target

__all__ = ["ActivityTask", "InspectionEvent", "InspectionItem", "InspectionProject", "InspectionScore", "Ranking",
           "RegionGroup", "Scheme", "SchemeIndicator", "Target"]
