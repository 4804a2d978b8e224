"""Opening a round tells every responsible unit how many of its tasks are its own; the set-up
pages after an import are the coordinating office's."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from luoshi.accounts.models import User
from luoshi.core.models import AuditEvent
from luoshi.supervision import services
from luoshi.supervision.models import Notification

pytestmark = pytest.mark.django_db


def told(kind, **params):
    qs = Notification.objects.filter(kind=kind)
    for key, value in params.items():
        qs = qs.filter(**{f"params__{key}": value})
    return qs


def test_the_first_cycle_opens_the_round_and_tells_each_unit_its_own_task_count(
    plan,
    coordinator,
    lead_reporter,
    coop_reporter,
    county_reporter,
    django_capture_on_commit_callbacks,
):
    lead_reporter.email = "fgw@example.gov.cn"
    lead_reporter.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        services.cycle_save(actor=coordinator, plan=plan, first_period_start=dt.date(2022, 7, 1))
    period = plan.periods.get(opened_at__isnull=False)
    counts = {n.recipient.username: n.params["count"] for n in told("round_opened")}
    # 市发展改革委 leads 1 and 3 and cooperates on 4; 市经信局 is on all four; 船山区 on 2–4.
    assert counts == {
        lead_reporter.username: 3,
        coop_reporter.username: 4,
        county_reporter.username: 3,
    }
    assert all(n.params["period_id"] == period.pk for n in told("round_opened"))
    assert [m.to for m in mail.outbox] == [["fgw@example.gov.cn"]]
    event = AuditEvent.objects.get(verb="round_open")
    assert event.changes["_extra"]["accounts_notified"] == 3


def test_opening_again_tells_only_accounts_created_since(
    plan, coordinator, lead_reporter, cycle, units
):
    before = told("round_opened").count()
    again = services.round_open(actor=coordinator, plan=plan)
    assert again.notified_users == 0 and told("round_opened").count() == before
    newcomer = User.objects.create(
        username="suitong.reporter", unit=units["suitong"], role="reporter"
    )
    again = services.round_open(actor=coordinator, plan=plan)
    assert again.notified_users == 1
    assert told("round_opened").filter(recipient=newcomer).get().params["count"] == 1


def test_units_without_accounts_are_named(plan, coordinator, lead_reporter, cycle, units):
    opened = services.round_open(actor=coordinator, plan=plan)
    assert units["suitong"] in opened.without_accounts
    assert units["fgw"] not in opened.without_accounts


def test_an_adhoc_round_tells_each_unit_its_own_count_not_the_rounds(
    plan, coordinator, cycle, tasks, lead_reporter, county_reporter
):
    period = services.period_open_adhoc(
        actor=coordinator,
        plan=plan,
        title="专项督查",
        due_date=dt.date.today() + dt.timedelta(days=10),
        tasks=[tasks["1"], tasks["2"], tasks["3"]],
    )
    mine = told("adhoc_opened", period_id=period.pk)
    assert mine.get(recipient=lead_reporter).params["count"] == 2  # tasks 1 and 3
    assert mine.get(recipient=county_reporter).params["count"] == 2  # tasks 2 and 3


def test_notifications_name_their_plan(plan, coordinator, coop_reporter, cycle):
    from luoshi.supervision.selectors import todo

    text = todo.notifications_list(viewer=coop_reporter)[0]["text"]
    assert text.startswith(f"〔{plan.title}〕") and "报送已开启" in text


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("leader", 404),
        ("lead_reporter", 404),
        ("lead_approver", 404),
        ("outsider", 404),
        ("admin", 200),
    ],
)
def test_the_set_up_pages_are_the_coordinating_offices(persona, status, personas, login, plan):
    client = login(personas[persona])
    for name in ("setup", "setup_accounts", "setup_cycle"):
        assert client.get(reverse(f"supervision:{name}", args=[plan.pk])).status_code == status
    if status != 200:
        assert client.post(reverse("supervision:setup_open", args=[plan.pk])).status_code == 404
        assert not Notification.objects.exists()


def test_the_accounts_step_creates_a_reporter_and_an_approver_with_one_time_links(
    login, coordinator, lead_reporter, plan, units
):
    client = login(coordinator)
    page = client.get(reverse("supervision:setup_accounts", args=[plan.pk])).content.decode()
    assert f'name="units" value="{units["suitong"].pk}"' in page
    assert f'name="units" value="{units["fgw"].pk}"' not in page  # it has accounts
    sheet = client.post(
        reverse("supervision:setup_accounts", args=[plan.pk]),
        {"units": [units["suitong"].pk, units["fgw"].pk]},
    )
    html = sheet.content.decode()
    assert sheet.status_code == 200 and "suitong.reporter" in html and "suitong.approver" in html
    made = User.objects.filter(unit=units["suitong"])
    assert {u.role for u in made} == {"reporter", "approver"}
    assert all(u.must_change_password and not u.has_usable_password() for u in made)
    assert not User.objects.filter(unit=units["fgw"], username__startswith="fgw.").exists()


def test_the_cycle_step_saves_and_opens_the_round(login, coordinator, lead_reporter, plan):
    client = login(coordinator)
    page = client.get(reverse("supervision:setup_cycle", args=[plan.pk])).content.decode()
    assert "保存并通知各单位" in page
    response = client.post(
        reverse("supervision:setup_cycle", args=[plan.pk]),
        {
            "frequency": "quarterly",
            "first_period_start": "2022-07-01",
            "due_offset_days": 5,
            "grace_days": 3,
            "reminder_lead_days": 5,
            "yellow_window_days": 5,
            "on_track_pct": 95,
            "behind_pct": 85,
            "returns_for_red": 2,
            "periods_ahead": 1,
        },
    )
    assert response.status_code == 302
    summary = client.get(response["Location"]).content.decode()
    assert "本轮报送已开启" in summary and 'data-state="no-account"' in summary
    assert told("round_opened").exists()
