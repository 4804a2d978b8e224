import pytest
from django.urls import reverse

from luoshi.enterprises import pipeline, services
from luoshi.enterprises.testing import credit_code
from luoshi.enterprises.tests.conftest import xlsx

pytestmark = pytest.mark.django_db


def _cert(coordinator, i, year):
    rows = [
        ("企业名称", "统一社会信用代码", "证书编号", "发证日期"),
        (f"企业{i}", credit_code("510903", i), f"GR{year}5100{i:04d}", f"{year}-10-16"),
    ]
    batch = services.registry_import_preview(
        actor=coordinator, kind="high_tech", file_name="x.xlsx", data=xlsx(rows)
    )
    services.registry_import_commit(actor=coordinator, batch=batch)


def test_projection_counts_holders_expiries_and_the_weighted_pool(coordinator, directory, login):
    _cert(coordinator, 1, 2022)  # expires 2025-10-16: not holding at the end of 2025
    _cert(coordinator, 2, 2023)
    _cert(coordinator, 3, 2024)
    from luoshi.enterprises.models import Enterprise

    renewing = Enterprise.objects.get(name="企业1")
    candidate = services.candidate_add(
        actor=coordinator, enterprise=renewing, year=2025, renewal=True
    )
    services.candidate_move(actor=coordinator, candidate=candidate, stage="applied")
    data = pipeline.pipeline(viewer=coordinator, year=2025)
    assert data["valid_end"] == 2
    assert data["expiring_total"] == 2  # 企业1 in 2025, 企业2 in 2026 (next year)
    assert data["projected"] == 3  # 2 + 0.8
    page = login(coordinator).get(reverse("enterprises:pipeline") + "?year=2025")
    assert page.status_code == 200 and "企业1" in page.content.decode()


def test_a_stage_moves_only_along_its_transitions(coordinator, directory):
    from luoshi.core.errors import ValidationFailed

    _cert(coordinator, 1, 2022)
    from luoshi.enterprises.models import Enterprise

    c = services.candidate_add(actor=coordinator, enterprise=Enterprise.objects.get(), year=2025)
    with pytest.raises(ValidationFailed):
        services.candidate_move(actor=coordinator, candidate=c, stage="certified")


def test_an_office_over_several_cities_reads_the_pipeline_city_by_city(
    coordinator, admin_user, directory, login
):
    from luoshi.enterprises.models import Enterprise
    from luoshi.org.models import Region

    _cert(coordinator, 1, 2024)
    _cert(coordinator, 2, 2024)
    other = Region.objects.create(name="邻市", kind="city", code="510100")
    county = Region.objects.create(name="邻市某区", kind="county", code="510104", parent=other)
    moved = Enterprise.objects.get(name="企业2")
    moved.city, moved.county, moved.park = other, county, None
    moved.save()
    first = pipeline.pipeline(viewer=admin_user, year=2025, city_id=directory.pk)
    second = pipeline.pipeline(viewer=admin_user, year=2025, city_id=other.pk)
    assert (first["city"], first["valid_end"]) == (directory, 1)
    assert (second["city"], second["valid_end"]) == (other, 1)
    assert [r["place"] for r in second["places"]] == [county]
    assert {c.pk for c in first["cities"]} >= {directory.pk, other.pk}
    # a city out of reach or unknown falls back to the first one the person reads
    assert (
        pipeline.pipeline(viewer=admin_user, year=2025, city_id=999999)["city"] in first["cities"]
    )
    page = login(admin_user).get(reverse("enterprises:pipeline") + f"?year=2025&city={other.pk}")
    text = page.content.decode()
    assert page.status_code == 200 and 'data-testid="valid-end">1<' in text
    assert "邻市某区" in text and "船山区" not in text
    assert f'<option value="{other.pk}" selected>' in text
    # the city's own office reads only its city, with no picker
    own = pipeline.pipeline(viewer=coordinator, year=2025, city_id=other.pk)
    assert own["city"] == directory and own["valid_end"] == 1
