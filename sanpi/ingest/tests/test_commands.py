import json

import pytest
from django.core.management import CommandError, call_command

from sanpi.projects.models import Project
from sanpi.testing import make_project

from .books import write_ledger

pytestmark = pytest.mark.django_db
SEED = "/work/shared/seed/000_b04ef842c9a4b641.txt"


def test_import_previews_then_applies_and_refuses_a_file_with_errors(tmp_path, zone_user, admin_user, capsys):
    good = write_ledger(tmp_path / "好.xlsx", [[1, "新项目甲", None, None, None, "410171", "1.5"]])
    call_command("import", str(good), user="jingkai_t")
    out = capsys.readouterr()
    assert "新增 1 个，更新 0 个，无变化 0 个，有错误 0 行。" in out.out and "已处理 1/1 行" in out.err
    assert Project.objects.count() == 0
    call_command("import", str(good), "--apply", user="jingkai_t")
    assert Project.objects.get().total_investment_wan == 15000

    bad = write_ledger(tmp_path / "坏.xlsx", [[1, "新项目乙", None, None, None, "410171", "x"]])
    with pytest.raises(CommandError, match="未写入任何数据"):
        call_command("import", str(bad), "--apply", user="jingkai_t")
    assert "错误 第4行 [总投资（亿元）] “x”：总投资（亿元）应为数字。" in capsys.readouterr().out
    assert Project.objects.count() == 1
    call_command("import", str(bad), "--valid-only")
    assert (tmp_path / "坏-错误行.xlsx").exists()


def test_export_ledger_then_import_changes_nothing(tmp_path, admin_user, capsys):
    make_project("导出项目", total_investment_wan=12345)
    target = tmp_path / "台账.xlsx"
    call_command("export", "ledger", "--region", "410171", "-o", str(target))
    assert "已导出项目台账 1 个项目" in capsys.readouterr().out
    call_command("import", str(target), "--apply")
    assert "新增 0 个，更新 0 个，无变化 1 个，有错误 0 行。" in capsys.readouterr().out


def test_extract_prints_the_seed_as_json(capsysbinary):
    call_command("extract", SEED, "--format", "json")
    data = json.loads(capsysbinary.readouterr().out.decode("utf-8"))
    assert [(x["batch"], x["count"], x["total_investment_wan"]) for x in data["lists"]] == [
        ("签约", 751, "66430000"), ("开工", 795, "84160000"), ("投产", 1672, "149000000")]
    assert set(data["projects"][0]) >= {"name", "owner", "location", "total_investment_wan", "land_mu",
                                        "building_area_m2", "output_value_wan", "phase", "stage", "source"}
