"""The participant role vocabulary covers every group the seed names."""

from __future__ import annotations

from mutualscope.domain.roles import DEFAULT_ROLES, GROUPS, is_valid_role_key, role_key


def test_default_roles_cover_the_seed_groups() -> None:
    keys = {r.key for r in DEFAULT_ROLES}
    for role in ("ceo", "director", "manager", "staff", "nurse", "therapist", "trustee",
                 "user", "commissioner", "partner", "support provider", "interviewer"):  # fmt: skip
        assert role in keys
    assert {r.group for r in DEFAULT_ROLES} <= set(GROUPS)


def test_role_key_resolves_aliases_and_spacing() -> None:
    assert role_key("Chief  Executive") == "ceo"
    assert role_key("service_user") == "user"
    assert role_key("Physiotherapist") == "therapist"
    assert role_key("Pharmacist") == "pharmacist"


def test_is_valid_role_key() -> None:
    assert is_valid_role_key("support provider")
    assert not is_valid_role_key("1st")
    assert not is_valid_role_key("a;drop")
