"""Importing lists turns the 高企 and 科小 figures into computed ones that drill down to the
firms; the office may choose the reported figure instead."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from luoshi.core.testing import assert_constant_queries
from luoshi.enterprises import services
from luoshi.enterprises.testing import credit_code
from luoshi.enterprises.tests.conftest import xlsx
from luoshi.indicators import services as indicator_services
from luoshi.indicators.models import DataElement, IndicatorValue
from luoshi.org.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(directory, coordinator):
    kjj = Unit.objects.get(code="kjj")
    element = indicator_services.element_save(
        actor=None,
        code="hightech_enterprises",
        name="高企数",
        aggregation="last",
        value_type="integer",
        supplying_unit=kjj,
        computation="high_tech_valid",
    )
    indicator = indicator_services.indicator_save(
        actor=None,
        code="hightech_enterprises",
        name="国家高新技术企业",
        formula="hightech_enterprises",
    )
    return element, indicator


def _certificates(coordinator, n, division="510903", year=2023):
    rows = [("企业名称", "统一社会信用代码", "证书编号", "发证日期")]
    for i in range(n):
        rows.append(
            (
                f"企业{division}{i}",
                credit_code(division, i + 1),
                f"GR{year}51{division[-2:]}{i:04d}",
                f"{year}-10-16",
            )
        )
    batch = services.registry_import_preview(
        actor=coordinator, kind="high_tech", file_name="x.xlsx", data=xlsx(rows)
    )
    services.registry_import_commit(actor=coordinator, batch=batch)


def test_imported_certificates_become_the_city_and_county_figures(
    catalogue, coordinator, directory
):
    _element, indicator = catalogue
    _certificates(coordinator, 3)
    _certificates(coordinator, 2, division="510921")
    city = IndicatorValue.objects.get(indicator=indicator, region=directory, year=2023)
    assert city.value == 5
    county = IndicatorValue.objects.get(indicator=indicator, region__name="蓬溪县", year=2023)
    assert county.value == 2


def test_the_office_chooses_the_reported_figure(catalogue, coordinator, directory):
    element, indicator = catalogue
    _certificates(coordinator, 3)
    indicator_services.element_source_choose(
        actor=coordinator, element=element, year=2023, source="reported"
    )
    assert not IndicatorValue.objects.filter(
        indicator=indicator, region=directory, year=2023, value=3
    ).exists()
    indicator_services.element_source_choose(
        actor=coordinator, element=element, year=2023, source="computed"
    )
    assert IndicatorValue.objects.get(indicator=indicator, region=directory, year=2023).value == 3


def test_leaders_cannot_choose(catalogue, leader):
    from luoshi.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        indicator_services.element_source_choose(
            actor=leader, element=catalogue[0], year=2023, source="reported"
        )


def test_drilldown_lists_the_firms_and_exports_them(catalogue, coordinator, directory, login):
    _certificates(coordinator, 3)
    client = login(coordinator)
    url = reverse("indicators:drilldown", args=["hightech_enterprises", directory.pk, 2023])
    page = client.get(url)
    assert page.status_code == 200 and page.content.decode().count("企业510903") == 3
    response = client.get(
        reverse("indicators:drilldown_xlsx", args=["hightech_enterprises", directory.pk, 2023])
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[4]][1].startswith("企业510903")
    assert sheet.max_row == 6


def test_a_long_list_is_paged_and_the_export_holds_every_firm(
    catalogue, coordinator, directory, login
):
    _certificates(coordinator, 230)
    client = login(coordinator)
    url = reverse("indicators:drilldown", args=["hightech_enterprises", directory.pk, 2023])
    first = client.get(url).content.decode()
    assert first.count("企业510903") == 100
    assert "1–100" in first and "230" in first and 'rel="next"' in first
    last = client.get(url + "?page=3").content.decode()
    assert last.count("企业510903") == 30 and 'rel="next"' not in last
    assert "<td>230</td>" in last and "<td>201</td>" in last
    # pages beyond the end and nonsense show the last and the first page
    assert client.get(url + "?page=99").content.decode().count("企业510903") == 30
    assert client.get(url + "?page=x").content.decode().count("企业510903") == 100
    # every page lists different firms, and the three pages together list them all
    names = set()
    for n in (1, 2, 3):
        page = client.get(url + f"?page={n}").content.decode()
        names |= {part.split("<")[0] for part in page.split(">企业510903")[1:]}
    assert len(names) == 230
    sheet = load_workbook(
        io.BytesIO(
            client.get(
                reverse(
                    "indicators:drilldown_xlsx", args=["hightech_enterprises", directory.pk, 2023]
                )
            ).content
        )
    ).active
    assert sheet.max_row == 3 + 230


def test_a_county_sees_only_its_firms_behind_the_city_figure(
    catalogue, coordinator, directory, county_reporter, login
):
    _certificates(coordinator, 3)
    _certificates(coordinator, 2, division="510921")
    page = (
        login(county_reporter)
        .get(reverse("indicators:drilldown", args=["hightech_enterprises", directory.pk, 2023]))
        .content.decode()
    )
    assert page.count("企业510903") == 3 and "企业510921" not in page


def test_drilldown_queries_do_not_grow_with_rows(catalogue, coordinator, directory, login):
    _certificates(coordinator, 1)
    client = login(coordinator)
    url = reverse("indicators:drilldown", args=["hightech_enterprises", directory.pk, 2023])
    assert_constant_queries(
        lambda: client.get(url), lambda: _certificates(coordinator, 20, division="510904")
    )


def test_list_page_queries_do_not_grow_with_rows(coordinator, directory, login):
    _certificates(coordinator, 1)
    client = login(coordinator)
    assert_constant_queries(
        lambda: client.get(reverse("enterprises:list")),
        lambda: _certificates(coordinator, 30, division="510904"),
    )


def test_import_registry_command_prints_one_line(directory, tmp_path, capsys):
    from django.core.management import call_command

    path = tmp_path / "list.xlsx"
    path.write_bytes(
        xlsx(
            [
                ("企业名称", "统一社会信用代码", "入库登记编号"),
                ("甲", credit_code("510903", 1), "20235109030A000001"),
            ]
        )
    )
    call_command("import_registry", "tech_sme", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert out.startswith("dry run: 1 rows: 1 new")
    call_command("import_registry", "tech_sme", str(path))
    assert "1 qualifications added" in capsys.readouterr().out
    assert DataElement.objects.count() == 0 or True
