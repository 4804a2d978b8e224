"""Any name, short name, alias or group name resolves through one Directory."""

import pytest

from luoshi.org.models import Unit
from luoshi.org.resolver import Directory, UnknownUnits, name_key, resolve_unit

pytestmark = pytest.mark.django_db


def test_short_name_full_name_and_alias_resolve_to_the_same_unit(directory):
    d = Directory(directory)
    full = d.resolve("遂宁市发展和改革委员会").unit
    assert d.resolve("市发展改革委").unit == full
    assert d.resolve("市发改委").unit == full
    assert full.code == "fgw"


def test_older_name_of_the_science_bureau_resolves(directory):
    assert resolve_unit("遂宁市科技和知识产权局", region=directory).unit.code == "kjj"
    assert resolve_unit("市科知局", region=directory).unit.code == "kjj"


def test_full_width_and_half_width_brackets_and_spaces_are_the_same_name():
    assert (
        name_key("各县（市、区）政府")
        == name_key("各县(市、区)政府")
        == name_key(" 各县 (市、区) 政府 ")
    )


def test_county_group_resolves_to_the_five_county_governments(directory):
    hit = Directory(directory).resolve("各县(市、区)政府")
    assert hit.is_group
    assert sorted(u.code for u in hit.members) == [
        "anju",
        "chuanshan",
        "daying",
        "pengxi",
        "shehong",
    ]


def test_park_group_resolves_to_the_three_city_park_committees(directory):
    hit = Directory(directory).resolve("市直园区管委会")
    assert sorted(u.code for u in hit.members) == ["etdz", "hedong", "hitech"]
    # 遂潼园区筹委会 is addressed separately by the plan, not part of the group.
    assert "suitong" not in {u.code for u in hit.members}


def test_a_plain_unit_resolves_to_itself_as_its_only_member(directory):
    hit = Directory(directory).resolve("市科技局")
    assert not hit.is_group
    assert hit.members == (hit.unit,)


def test_unknown_names_are_reported_to_the_caller_and_never_created(directory):
    before = Unit.objects.count()
    found, unknown = Directory(directory).resolve_many(
        ["市科技局", "市不存在局", "市科技局", "市不存在局"]
    )
    assert [r.unit.code for r in found] == ["kjj", "kjj"]
    assert unknown == ["市不存在局"]
    with pytest.raises(UnknownUnits) as exc:
        resolve_unit("市不存在局", region=directory)
    assert "市不存在局" in str(exc.value)
    assert Unit.objects.count() == before


def test_every_unit_named_in_the_suining_plan_resolves(directory):
    names = (
        "市发展改革委 市委组织部 市经济和信息化局 市科技局 各县(市、区)政府 市直园区管委会 遂潼园区筹委会 "
        "遂潼川渝毗邻地区一体化发展先行区建设领导小组各成员单位 市交通运输局 市农业农村局 市商务局 "
        "市生态环境局 市人力资源社会保障局 市政务服务和大数据局 市文化广电旅游局 市委宣传部 市委军民融合办 "
        "市市场监管局 市科协 市财政局 市税务局 市统计局 市教育体育局 市人才办 市卫生健康委 市经济合作局 "
        "市国资委 市金融工作局 市外事办 市法院 市检察院 市公安局 市司法局"
    ).split()
    _, unknown = Directory(directory).resolve_many(names)
    assert unknown == []


def test_names_resolve_only_within_their_own_directory(directory):
    from luoshi.org import services
    from luoshi.org.models import Region

    other = Region.objects.create(name="内江市", kind=Region.Kind.CITY, parent=directory.parent)
    services.unit_create(
        actor=None, region=other, name="内江市科学技术局", short_name="市科技局", code="nj-kjj"
    )
    assert Directory(other).resolve("市科技局").unit.code == "nj-kjj"
    assert Directory(directory).resolve("市科技局").unit.code == "kjj"
