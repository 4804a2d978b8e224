"""Named personas shared by every app's tests.

The Suining unit directory is loaded from the fixture; personas are users of
real units: 市科技局 runs the office, 市发展改革委 leads tasks 1 and 3,
市经济和信息化局 cooperates on them, 船山区 is an implicitly involved county,
市司法局 is an outsider to those tasks.
"""

from pathlib import Path

import pytest
import yaml

from luoshi.core.testing import PASSWORD

FIXTURE = Path(__file__).parent / "luoshi" / "org" / "fixtures" / "suining.yaml"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Password hashing is deliberately slow; tests sign in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _background_work_in_tmp(settings, tmp_path_factory):
    # Background tasks keep their state and files on disk: never in the developer's var/.
    settings.LUOSHI_TASKS_DIR = tmp_path_factory.mktemp("tasks")


@pytest.fixture
def directory(db):
    """The Suining region with its units loaded; returns the Region."""
    from luoshi.org import services
    from luoshi.org.models import Region

    services.directory_load(actor=None, data=yaml.safe_load(FIXTURE.read_text("utf-8")))
    return Region.objects.get(name="遂宁市")


@pytest.fixture
def units(directory):
    """Units by code: units['fgw'] is 市发展改革委."""
    from luoshi.org.models import Unit

    return {u.code: u for u in Unit.objects.filter(region=directory).exclude(code="")}


def _make(username, unit, role):
    from luoshi.accounts import services

    return services.user_create(
        actor=None,
        username=username,
        password=PASSWORD,
        unit=unit,
        role=role,
        full_name=username,
        validate=False,
    )


@pytest.fixture
def admin_user(units):
    from luoshi.core.roles import Role

    return _make("t-admin", None, Role.ADMIN)


@pytest.fixture
def coordinator(units):
    from luoshi.core.roles import Role

    return _make("t-office", units["kjj"], Role.COORDINATOR)


@pytest.fixture
def leader(units):
    from luoshi.core.roles import Role

    return _make("t-leader", units["city"], Role.LEADER)


@pytest.fixture
def lead_reporter(units):
    from luoshi.core.roles import Role

    return _make("t-fgw-reporter", units["fgw"], Role.REPORTER)


@pytest.fixture
def lead_approver(units):
    from luoshi.core.roles import Role

    return _make("t-fgw-approver", units["fgw"], Role.APPROVER)


@pytest.fixture
def coop_reporter(units):
    from luoshi.core.roles import Role

    return _make("t-jxj-reporter", units["jxj"], Role.REPORTER)


@pytest.fixture
def coop_approver(units):
    from luoshi.core.roles import Role

    return _make("t-jxj-approver", units["jxj"], Role.APPROVER)


@pytest.fixture
def county_reporter(units):
    from luoshi.core.roles import Role

    return _make("t-chuanshan-reporter", units["chuanshan"], Role.REPORTER)


@pytest.fixture
def park_reporter(units):
    """A reporter of the 遂宁高新区 committee (a park): sees the firms of its park."""
    from luoshi.core.roles import Role

    return _make("t-hitech-reporter", units["hitech"], Role.REPORTER)


@pytest.fixture
def outsider(units):
    from luoshi.core.roles import Role

    return _make("t-sfj-reporter", units["sfj"], Role.REPORTER)


OTHER_CITY = {
    "regions": [
        {
            "name": "四川省",
            "kind": "province",
            "code": "51",
            "children": [
                {
                    "name": "南充市",
                    "kind": "city",
                    "code": "5113",
                    "children": [{"name": "顺庆区", "kind": "county", "code": "511302"}],
                }
            ],
        }
    ],
    "directory": "南充市",
    "units": [
        {
            "name": "南充市人民政府",
            "short_name": "南充市政府",
            "code": "nc-city",
            "kind": "government",
        },
        {
            "name": "南充市科学技术局",
            "short_name": "南充市科技局",
            "code": "nc-kjj",
            "kind": "department",
        },
        {
            "name": "南充市发展和改革委员会",
            "short_name": "南充市发展改革委",
            "code": "nc-fgw",
            "kind": "department",
        },
    ],
}


@pytest.fixture
def elsewhere(directory):
    """Another city of the same province (南充市) with its own office, leader and a reporter:
    people who must not see Suining's supervision, nor Suining theirs."""
    from luoshi.core.roles import Role
    from luoshi.org import services
    from luoshi.org.models import Region, Unit

    services.directory_load(actor=None, data=OTHER_CITY)
    units = {u.code: u for u in Unit.objects.filter(region__name="南充市")}
    return {
        "region": Region.objects.get(name="南充市"),
        "units": units,
        "office": _make("t-nc-office", units["nc-kjj"], Role.COORDINATOR),
        "leader": _make("t-nc-leader", units["nc-city"], Role.LEADER),
        "reporter": _make("t-nc-fgw-reporter", units["nc-fgw"], Role.REPORTER),
    }


@pytest.fixture
def personas(
    admin_user,
    coordinator,
    leader,
    lead_reporter,
    lead_approver,
    coop_reporter,
    coop_approver,
    county_reporter,
    outsider,
):
    return {
        "admin": admin_user,
        "coordinator": coordinator,
        "leader": leader,
        "lead_reporter": lead_reporter,
        "lead_approver": lead_approver,
        "coop_reporter": coop_reporter,
        "coop_approver": coop_approver,
        "county_reporter": county_reporter,
        "outsider": outsider,
    }


@pytest.fixture
def login(client):
    """login(user) -> the test client signed in as that user."""

    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


# -- organisations as users (enterprises, universities, labs, providers) ----------------------


def _organisation(serial, name, kind, username, *, verify=True, region=None):
    from luoshi.organisations import services
    from luoshi.organisations.codes import synthetic_credit_code

    organisation = services.organisation_register(
        credit_code=synthetic_credit_code(serial),
        name=name,
        kind=kind,
        region=region,
        contact_name=username,
        contact_phone="0825-0000000",
        username=username,
        password=PASSWORD,
        proof=None,
        is_demo=True,
        check_password=False,
    )
    if verify:
        organisation = services.organisation_verify(actor=None, organisation=organisation)
    return organisation


@pytest.fixture
def org_admin(units):
    """The administrator of a verified enterprise (遂宁锂电科技有限公司)."""
    organisation = _organisation(9001, "遂宁锂电科技有限公司", "enterprise", "t-org-admin")
    return organisation.memberships.get().user


@pytest.fixture
def org_member(org_admin):
    """A member (not administrator) of org_admin's enterprise."""
    from luoshi.organisations import services

    return services.member_add(
        actor=None,
        organisation=org_admin.org_membership.organisation,
        username="t-org-member",
        password=PASSWORD,
        full_name="t-org-member",
        check_password=False,
    ).user


@pytest.fixture
def other_org_admin(units):
    """The administrator of another verified organisation (a university)."""
    organisation = _organisation(9002, "西南测试大学", "university", "t-other-org-admin")
    return organisation.memberships.get().user


@pytest.fixture
def pending_org_admin(units):
    """The administrator of an organisation the office has not verified yet."""
    organisation = _organisation(
        9003, "待核企业有限公司", "enterprise", "t-pending-org", verify=False
    )
    return organisation.memberships.get().user
