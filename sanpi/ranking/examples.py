"""The example scoring schemes shipped as data (installed by `sanpi ranking examples` and the demo;
idempotent: an existing scheme of the same name is left as its owner edited it). Weights follow
the published practice the issue names; where sanpi has no figure yet (项目储备, 服务保障) a stand-in
indicator is used and its label says so."""

from decimal import Decimal

from django.db import transaction

from sanpi.accounts.models import Region

from .models import RegionGroup, Scheme, SchemeIndicator

CITIES = [f"41{n:02d}00" for n in range(1, 18)]
HENAN_GROUPS = [("省辖市", CITIES), ("济源示范区、航空港区", ["419001", "410173"])]
ZHENGZHOU_GROUPS = [
    ("城区组", ["410102", "410103", "410104", "410105", "410106", "410108"]),
    ("县（市）组", ["410122", "410181", "410182", "410183", "410184", "410185"]),
    ("功能区组", ["410171", "410172"]),
]


def _ind(key, weight, method="linear", label="", **extra):
    return {"indicator": key, "weight": Decimal(weight), "method": method, "label": label, **extra}


SCHEMES = [
    {
        "name": "河南月度考评示例", "owner": "410000", "period_kind": "month", "top_n": 3,
        "description": "省对各省辖市、济源示范区、航空港区的月度考评（示例口径，演示用）：省辖市与济源示范区、"
                       "航空港区分组排名。",
        "groups": HENAN_GROUPS,
        "indicators": [
            _ind("investment_completion_rate", 40, target=Decimal(100), floor=Decimal(0)),
            _ind("schedule_gap", 20, "rank", min_points=Decimal(10)),
            _ind("new_starts", 20, "rank", min_points=Decimal(10)),
            _ind("red_lights", 10, "rank", higher_is_better=False, min_points=Decimal(0)),
            _ind("yellow_lights", 10, "thresholds", higher_is_better=False,
                 thresholds=[[0, 10], [3, 8], [6, 5], [10, 2]]),
        ],
    },
    {
        "name": "三个一批季度考评示例 10/30/30/20/10", "owner": "410000", "period_kind": "quarter", "top_n": 3,
        "description": "“三个一批”季度考评：储备10、签约30、开工30、投产20、服务10（储备、服务两项暂以台账中已有的"
                       "指标代替，标签注明）。",
        "groups": HENAN_GROUPS,
        "indicators": [
            _ind("new_starts_rate", 10, target=Decimal(100), label="项目储备转化（以新开工目标完成率代替）"),
            _ind("activity_task_rate", 15, target=Decimal(100), label="签约项目数任务完成率",
                 params={"batch": "signed", "measure": "projects"}),
            _ind("activity_task_rate", 15, target=Decimal(100), label="签约投资任务完成率",
                 params={"batch": "signed", "measure": "investment"}),
            _ind("activity_task_rate", 15, target=Decimal(100), label="开工项目数任务完成率",
                 params={"batch": "started", "measure": "projects"}),
            _ind("activity_task_rate", 15, target=Decimal(100), label="开工投资任务完成率",
                 params={"batch": "started", "measure": "investment"}),
            _ind("activity_task_rate", 20, target=Decimal(100), label="投产项目数任务完成率",
                 params={"batch": "producing", "measure": "projects"}),
            _ind("red_lights", 10, "rank", higher_is_better=False, label="服务保障（以红灯项目少者为优代替）"),
        ],
    },
    {
        "name": "郑州县区月度考评示例", "owner": "410100", "period_kind": "month", "top_n": 2,
        "description": "郑州市对所辖县（市）区、功能区的月度考评（示例）：城区组、县（市）组、功能区组分组排名。",
        "groups": ZHENGZHOU_GROUPS,
        "indicators": [
            _ind("investment_completion_rate", 50, target=Decimal(100)),
            _ind("schedule_gap", 20, "rank", min_points=Decimal(8)),
            _ind("new_starts", 20, "rank", min_points=Decimal(8)),
            _ind("red_lights", 10, "rank", higher_is_better=False),
        ],
    },
    {
        "name": "禹州30/30/30/10示例", "owner": "410100", "period_kind": "quarter", "top_n": 2,
        "description": "季度得分 = 季内三个月的月度考评得分各占30% + 观摩拉练（领导评价）10%（禹州做法，示例）。",
        "groups": ZHENGZHOU_GROUPS,
        "indicators": [
            *[_ind("scheme_score", 30, target=Decimal(100), label=f"第{i}个月月度考评得分",
                   params={"scheme": "郑州县区月度考评示例", "part": f"m{i}"}) for i in (1, 2, 3)],
            _ind("inspection_score", 10, target=Decimal(100), label="观摩拉练得分（领导评价）"),
        ],
    },
    {
        "name": "郑州年度考评示例", "owner": "410100", "period_kind": "year", "top_n": 2,
        "description": "年度得分 = 四个季度考评得分各占25%（示例）。",
        "groups": ZHENGZHOU_GROUPS,
        "indicators": [_ind("scheme_score", 25, target=Decimal(100), label=f"第{q}季度考评得分",
                            params={"scheme": "禹州30/30/30/10示例", "part": f"q{q}"}) for q in (1, 2, 3, 4)],
    },
]


@transaction.atomic
def examples_install() -> list[str]:
    """Create the example schemes that are missing; the names of those created."""
    created = []
    for spec in SCHEMES:
        if Scheme.objects.filter(name=spec["name"]).exists():
            continue
        scheme = Scheme.objects.create(name=spec["name"], owner_region_id=spec["owner"], period_kind=spec["period_kind"],
                                       description=spec["description"], top_n=spec["top_n"], is_example=True)
        for order, (name, codes) in enumerate(spec["groups"]):
            group = RegionGroup.objects.create(scheme=scheme, name=name, order=order)
            group.regions.set(Region.objects.filter(code__in=codes))
        for order, fields in enumerate(spec["indicators"]):
            SchemeIndicator.objects.create(scheme=scheme, order=order, **fields)
        created.append(scheme.name)
    return created
