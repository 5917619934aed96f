"""Load demo boards, schools, people and questionnaires (idempotent; demo passwords are fixed).

Runs ``load_rules`` first. Everything is matched on natural keys (username, enterprise number,
institution number), so a second run changes nothing and duplicates nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from pathways.roles import DEPARTMENT, EDITORS, PUBLISHERS
from schools import services
from schools.models import Board, BoardMembership, School, SchoolMembership, User

# Demo data only: these passwords are printed on purpose.
DEMO_PASSWORD = "demo-schoolgebouw-2026"

# Department staff who maintain the rules in the admin: (username, first, last, groups, role).
RULE_STAFF = [
    ("regels.redacteur", "Rita", "Redacteur", (EDITORS,), "Regelbeheerder (regels bewerken)"),
    (
        "regels.publicatie",
        "Pieter",
        "Publicatie",
        (EDITORS, PUBLISHERS),
        "Regelbeheerder en publiceerder (regels bewerken en publiceren)",
    ),
]

BOARDS = [
    {
        "enterprise_number": "0412345614",
        "name": "Vrije Scholengroep Meetjesland vzw",
        "board_type": "vzw",
        "legal_form": "vzw",
        "staff": ("bestuur.meetjesland", "Griet", "De Smet"),
    },
    {
        "enterprise_number": "0423456765",
        "name": "Gemeentebestuur Dilbeek (onderwijs)",
        "board_type": "municipality",
        "legal_form": "public_law",
        "staff": ("bestuur.dilbeek", "Koen", "Wouters"),
    },
]

BASE_ANSWERS = {
    "provider_cleaning": "contractor",
    "provider_maintenance": "own_staff",
    "provider_grounds": "contractor",
    "provider_sports": "nobody",
    "provider_catering": "contractor",
    "provider_supervision": "volunteers",
    "hours_sports": 0,
    "hours_supervision": 0,
}

SCHOOLS = [
    {
        "institution_number": "126425",
        "board": "0412345614",
        "name": "Sint-Vincentiusinstituut Eeklo",
        "network": "vgo",
        "level": "secundair",
        "postcode": "9900",
        "pupils": 860,
        "campuses": 3,
        "manager": ("fm.vincentius", "Els", "Van Damme"),
        # Large: 258 hours a week, about 6,8 VTE.
        "answers": BASE_ANSWERS
        | {
            "hours_cleaning": 160,
            "hours_maintenance": 40,
            "hours_grounds": 24,
            "hours_catering": 34,
            "outsourced_contract_value": 240000,
            "contract_end_date": "2027-08-31",
            "own_payroll_staff": True,
            "open_to_hire_target_group": True,
            "planned_target_group_fte": 5,
            "open_vacancy": True,
            "open_to_long_term_jobseeker": True,
            "open_to_work_disability": True,
            "mentor_available": True,
            "mentor_hours_week": 6,
            "host_stages": True,
            "stage_real_job_offer": True,
            "contact_ocmw": True,
            "contact_wijkwerk": False,
            "contact_se_regisseur": True,
            "open_to_buy_from_se": True,
            "open_to_cooperative": False,
            "routes_in_use": [],
        },
    },
    {
        "institution_number": "031617",
        "board": "0412345614",
        "name": "Vrije Basisschool De Regenboog",
        "network": "vgo",
        "level": "basis",
        "postcode": "9990",
        "pupils": 180,
        "campuses": 1,
        # Small: 54 hours a week; only pooled with the other schools of the board is it more.
        "manager": ("fm.regenboog", "Tom", "Maes"),
        "answers": BASE_ANSWERS
        | {
            "hours_cleaning": 38,
            "hours_maintenance": 8,
            "hours_grounds": 8,
            "hours_catering": 0,
            "outsourced_contract_value": 6000,
            "own_payroll_staff": False,
            "open_to_hire_target_group": True,
            "planned_target_group_fte": 1,
            "open_vacancy": False,
            "mentor_available": True,
            "mentor_hours_week": 2,
            "host_stages": False,
            "contact_ocmw": False,
            "contact_wijkwerk": True,
            "contact_se_regisseur": False,
            "open_to_buy_from_se": True,
            "open_to_cooperative": True,
            "routes_in_use": [],
        },
    },
    {
        "institution_number": "031625",
        "board": "0412345614",
        "name": "Sint-Annaschool Assenede",
        "network": "vgo",
        "level": "buitengewoon_basis",
        "postcode": "9960",
        "pupils": 140,
        "campuses": 2,
        "manager": ("fm.sintanna", "Lotte", "Peeters"),
        # Already uses a VOP for a maintenance worker with a disability.
        "answers": BASE_ANSWERS
        | {
            "hours_cleaning": 60,
            "hours_maintenance": 38,
            "hours_grounds": 10,
            "hours_catering": 12,
            "provider_maintenance": "own_staff",
            "own_payroll_staff": True,
            "open_to_hire_target_group": False,
            "open_vacancy": False,
            "open_to_work_disability": True,
            "mentor_available": True,
            "host_stages": True,
            "stage_real_job_offer": False,
            "contact_ocmw": True,
            "contact_wijkwerk": True,
            "open_to_buy_from_se": False,
            "routes_in_use": ["vop"],
        },
    },
    {
        "institution_number": "045187",
        "board": "0423456765",
        "name": "Gemeentelijke Basisschool De Klimop",
        "network": "ogo",
        "level": "basis",
        "postcode": "1700",
        "pupils": 320,
        "campuses": 2,
        "manager": ("fm.klimop", "Ahmed", "El Amrani"),
        "answers": None,  # not submitted yet: the questionnaire still has to be filled in
    },
    {
        "institution_number": "045195",
        "board": "0423456765",
        "name": "Gemeentelijke Basisschool Ganshoren-Rand",
        "network": "ogo",
        "level": "basis",
        "postcode": "1083",
        "pupils": 210,
        "campuses": 1,
        "manager": ("fm.ganshoren", "Sarah", "Lambert"),
        # In Brussels: wijk-werken (Flemish) does not apply, unlike at the Flemish schools.
        "answers": BASE_ANSWERS
        | {
            "hours_cleaning": 57,
            "hours_maintenance": 19,
            "hours_grounds": 4,
            "hours_catering": 15,
            "own_payroll_staff": True,
            "open_to_hire_target_group": True,
            "open_vacancy": True,
            "open_to_long_term_jobseeker": True,
            "mentor_available": False,
            "host_stages": True,
            "stage_real_job_offer": True,
            "contact_ocmw": True,
            "contact_wijkwerk": False,
            "open_to_buy_from_se": False,
            "routes_in_use": [],
        },
    },
]


def upsert(model, defaults: dict[str, Any], **lookup: Any):
    """Like ``update_or_create``, but save only when something differs (no history noise)."""
    obj, created = model.objects.get_or_create(defaults=defaults, **lookup)
    if not created:
        changed = [k for k, v in defaults.items() if getattr(obj, k) != v]
        if changed:
            for key in changed:
                setattr(obj, key, defaults[key])
            obj.save()
    return obj, created


class Command(BaseCommand):
    help = "Load the rules and demo boards, schools, users and questionnaires; print the logins."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("load_rules", stdout=self.stdout, stderr=self.stderr)
        logins: list[tuple[str, str, str]] = []
        with transaction.atomic():
            department = self._user("departement", "Dirk", "Departement", is_staff=True)
            group, _ = Group.objects.get_or_create(name=DEPARTMENT)
            department.groups.add(group)
            logins.append((department.username, DEMO_PASSWORD, "Departement (alles lezen, beheer)"))
            for username, first, last, groups, role in RULE_STAFF:
                member = self._user(username, first, last, is_staff=True)
                # The groups exist after migrate (pathways.roles keeps them in step).
                member.groups.add(*Group.objects.filter(name__in=groups))
                logins.append((member.username, DEMO_PASSWORD, role))

            boards = {}
            for spec in BOARDS:
                board, _ = upsert(
                    Board,
                    enterprise_number=spec["enterprise_number"],
                    defaults={k: spec[k] for k in ("name", "board_type", "legal_form")},
                )
                boards[board.enterprise_number] = board
                staff = self._user(*spec["staff"])
                BoardMembership.objects.get_or_create(user=staff, board=board)
                logins.append((staff.username, DEMO_PASSWORD, f"Schoolbestuur: {board.name}"))

            for spec in SCHOOLS:
                board = boards[spec["board"]]
                school = School(
                    board=board,
                    name=spec["name"],
                    institution_number=spec["institution_number"],
                    network=spec["network"],
                    level=spec["level"],
                    postcode=spec["postcode"],
                    pupils=spec["pupils"],
                    campuses=spec["campuses"],
                )
                school.clean()  # fills in the official municipality name
                school, _ = upsert(
                    School,
                    institution_number=spec["institution_number"],
                    defaults={
                        f: getattr(school, f)
                        for f in (
                            "board",
                            "name",
                            "network",
                            "level",
                            "postcode",
                            "municipality",
                            "pupils",
                            "campuses",
                        )
                    },
                )
                manager = self._user(*spec["manager"])
                SchoolMembership.objects.get_or_create(user=manager, school=school)
                logins.append(
                    (manager.username, DEMO_PASSWORD, f"Facilitair beheerder: {school.name}")
                )
                if spec["answers"] is not None and not school.versions.exists():
                    services.questionnaire_fill(
                        school=school, user=manager, answers=spec["answers"]
                    )

        self.stdout.write("")
        self.stdout.write("Demo-aanmeldingen (demogegevens; de wachtwoorden zijn bewust vast):")
        width = max(len(u) for u, _p, _r in logins)
        self.stdout.write(
            f"{'gebruikersnaam'.ljust(width)}  {'wachtwoord'.ljust(len(DEMO_PASSWORD))}  rol"
        )
        for username, password, role in logins:
            self.stdout.write(f"{username.ljust(width)}  {password}  {role}")

    def _user(self, username: str, first: str, last: str, **extra: Any) -> User:
        user, created = upsert(
            User,
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@demo.example",
                **extra,
            },
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return user
