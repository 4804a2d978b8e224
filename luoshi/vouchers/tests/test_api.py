"""/api/vouchers/: a firm reads its own vouchers, a provider those it holds contracts under,
the office and leaders every voucher; others nothing (404 for one voucher)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "who,count",
    [
        ("org_admin", 1),
        ("org_member", 1),
        ("other_org_admin", 1),  # the provider of the voucher's contract
        ("coordinator", 1),
        ("leader", 1),
        ("lead_reporter", 0),
        ("pending_org_admin", 0),
    ],
)
def test_vouchers_follow_the_pages(request, login, who, count, contract):
    client = login(request.getfixturevalue(who))
    listed = client.get("/api/vouchers/").json()
    assert listed["count"] == count
    one = client.get(f"/api/vouchers/{contract.voucher_id}")
    assert one.status_code == (200 if count else 404)
    if count:
        body = one.json()
        assert body["number"].startswith("CXQ") and body["amount"] == "50000"
        assert body["contracts"][0]["title"] == "正极材料检测服务合同"


def test_a_firm_does_not_read_another_firms_voucher(login, voucher, units):
    from conftest import _organisation

    stranger = _organisation(9700, "别家企业", "enterprise", "t-stranger-firm")
    client = login(stranger.memberships.get().user)
    assert client.get("/api/vouchers/").json()["count"] == 0
    assert client.get(f"/api/vouchers/{voucher.pk}").status_code == 404
