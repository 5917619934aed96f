"""The fact registry: every fact a rule may ask about, with its type, unit and Dutch texts.

Three origins:
- ``record``: comes from the school or board record (board type, postcode);
- ``question``: asked in the questionnaire, in the step named by ``step``;
- ``derived``: computed by ``derive.derive_facts`` from other facts and parameters.

Rules refer to facts by code, so codes are stable. The admin offers only the operators that fit
a fact's type (``OPERATORS_BY_TYPE``).
"""

from __future__ import annotations

from .i18n import N_
from .types import FactDef, FactType, Operator, Pool

# Questionnaire steps, in order: (code, Dutch title, Dutch intro).
STEPS: tuple[tuple[str, str, str], ...] = (
    ("school", N_("Over de school"), N_("Een paar gegevens over de school en het schoolbestuur.")),
    (
        "facility",
        N_("Facilitair werk"),
        N_(
            "Hoeveel uur per week gaat er naar elke taak, wie doet het nu en wanneer loopt het "
            "contract af?"
        ),
    ),
    (
        "employment",
        N_("Zelf werkgever zijn"),
        N_("Wil de school of het schoolbestuur zelf mensen in dienst nemen?"),
    ),
    (
        "guidance",
        N_("Begeleiding op de werkvloer"),
        N_("Wie kan nieuwe medewerkers opvangen en begeleiden?"),
    ),
    ("stages", N_("Stages"), N_("Kan de school stagiairs ontvangen?")),
    (
        "cooperation",
        N_("Samenwerking"),
        N_("Met welke partners in de buurt werkt de school al samen?"),
    ),
    ("current", N_("Wat loopt al"), N_("Welke maatregelen gebruikt de school vandaag al?")),
)

BOARD_TYPES = (
    ("go", N_("GO! onderwijs van de Vlaamse Gemeenschap")),
    ("municipality", N_("Gemeente of stad")),
    ("province", N_("Provincie")),
    ("vzw", N_("Vrij gesubsidieerd schoolbestuur (vzw)")),
    ("other", N_("Ander")),
)

REGIONS = (
    ("flanders", N_("Vlaams Gewest")),
    ("brussels", N_("Brussels Hoofdstedelijk Gewest")),
    ("wallonia", N_("Waals Gewest")),
)

LEGAL_FORMS = (
    ("public_law", N_("Publiekrechtelijke rechtspersoon")),
    ("vzw", N_("Vzw")),
    ("other", N_("Andere rechtsvorm")),
)

PROVIDERS = (
    ("own_staff", N_("Eigen personeel")),
    ("contractor", N_("Een gewone firma")),
    ("social_enterprise", N_("Een sociale-economieonderneming")),
    ("volunteers", N_("Vrijwilligers of ouders")),
    ("nobody", N_("Niemand (wordt nu niet gedaan)")),
)

# Facility tasks: (code, Dutch label). Each has an hours fact and a provider fact.
TASKS = (
    ("cleaning", N_("Schoonmaak")),
    ("maintenance", N_("Onderhoud en klusjes")),
    ("grounds", N_("Groenonderhoud en buitenruimte")),
    ("sports", N_("Openstellen van de sportinfrastructuur")),
    ("catering", N_("Keuken en catering")),
    ("supervision", N_("Toezicht en opvang")),
)

ROUTE_CODES = (
    ("maatwerkafdeling", N_("Maatwerkafdeling")),
    ("lokale_diensteneconomie", N_("Lokale diensteneconomie")),
    ("se_purchasing", N_("Aankopen bij de sociale economie")),
    ("transition_internship", N_("Doorstroomstage")),
    ("vop", N_("Vlaamse ondersteuningspremie (VOP)")),
    ("ibo", N_("Individuele beroepsopleiding (IBO)")),
    ("doelgroepvermindering", N_("Doelgroepvermindering (oudere werknemers, jongeren)")),
    ("aanwervingsincentive", N_("Aanwervingsincentive langdurig werkzoekenden")),
    ("art60", N_("Artikel 60 via het OCMW")),
    ("wijkwerken", N_("Wijk-werken")),
    ("twe", N_("Tijdelijke werkervaring (TWE)")),
    ("arbeidszorg", N_("Arbeidszorg")),
    ("cooperative", N_("Samenwerken met of in een coöperatie")),
    ("individueel_maatwerk", N_("Individueel maatwerk")),
    ("dgv_zonder_recente_werkervaring", N_("Doelgroepvermindering zonder recente werkervaring")),
    ("arbeidsmatige_activiteiten", N_("Arbeidsmatige activiteiten")),
)


def _task_facts() -> list[FactDef]:
    facts = []
    for code, label in TASKS:
        facts.append(
            FactDef(
                code=f"hours_{code}",
                type=FactType.NUMBER,
                label=label,
                help=N_("Uren per week, alle campussen samen. Vul 0 in als dit niet nodig is."),
                unit=N_("uur/week"),
                step="facility",
                minimum=0,
                maximum=5000,
                pool=Pool.SUM,
            )
        )
        facts.append(
            FactDef(
                code=f"provider_{code}",
                type=FactType.CHOICE,
                label=label,
                help=N_("Wie doet dit werk vandaag?"),
                step="facility",
                choices=PROVIDERS,
                pool=Pool.SAME,
            )
        )
    return facts


FACTS: tuple[FactDef, ...] = (
    # --- about the school and board (records) ---
    FactDef(
        code="board_type",
        type=FactType.CHOICE,
        label=N_("Soort schoolbestuur"),
        help=N_("Het schoolbestuur (inrichtende macht) waartoe de school behoort."),
        step="school",
        origin="record",
        choices=BOARD_TYPES,
        pool=Pool.SAME,
    ),
    FactDef(
        code="postcode",
        type=FactType.TEXT,
        label=N_("Postcode"),
        help=N_("De postcode van de hoofdvestiging, vier cijfers."),
        step="school",
        origin="record",
        pool=Pool.SAME,
    ),
    FactDef(
        code="pupils",
        type=FactType.NUMBER,
        label=N_("Aantal leerlingen"),
        unit=N_("leerlingen"),
        step="school",
        origin="record",
        minimum=0,
        maximum=100000,
        pool=Pool.SUM,
    ),
    FactDef(
        code="campuses",
        type=FactType.NUMBER,
        label=N_("Aantal vestigingsplaatsen"),
        unit=N_("vestigingen"),
        step="school",
        origin="record",
        minimum=1,
        maximum=500,
        pool=Pool.SUM,
    ),
    # --- facility work ---
    *_task_facts(),
    FactDef(
        code="outsourced_contract_value",
        type=FactType.NUMBER,
        label=N_("Jaarbedrag van uitbestede facilitaire contracten"),
        help=N_(
            "Geschatte waarde per jaar, exclusief btw, van het werk dat een externe partner doet. "
            "Vul 0 in als niets is uitbesteed."
        ),
        unit="EUR",
        step="facility",
        minimum=0,
        maximum=100_000_000,
        pool=Pool.SUM,
    ),
    FactDef(
        code="contract_end_date",
        type=FactType.DATE,
        label=N_("Wanneer loopt het eerstvolgende contract af?"),
        help=N_("Laat leeg als er geen lopend contract is."),
        step="facility",
        pool=Pool.MIN,
    ),
    # --- employing target-group workers ---
    FactDef(
        code="own_payroll_staff",
        type=FactType.BOOLEAN,
        label=N_("Neemt het schoolbestuur facilitair personeel zelf in dienst, op eigen loonlast?"),
        help=N_(
            "Dus niet betaald door de Vlaamse Gemeenschap, zoals leerkrachten, maar uit het eigen "
            "werkingsbudget."
        ),
        step="employment",
        pool=Pool.ANY,
    ),
    FactDef(
        code="open_to_hire_target_group",
        type=FactType.BOOLEAN,
        label=N_("Wil de school iemand met een afstand tot de arbeidsmarkt zelf aanwerven?"),
        step="employment",
        pool=Pool.ANY,
    ),
    FactDef(
        code="planned_target_group_fte",
        type=FactType.NUMBER,
        label=N_(
            "Hoeveel voltijdse banen (VTE) voor doelgroepwerknemers zou de school kunnen bieden?"
        ),
        help=N_(
            "Eén VTE is één voltijdse baan van 38 uur per week. "
            "Twee halftijdse banen zijn samen 1 VTE."
        ),
        unit=N_("VTE"),
        step="employment",
        minimum=0,
        maximum=1000,
        pool=Pool.SUM,
    ),
    FactDef(
        code="open_vacancy",
        type=FactType.BOOLEAN,
        label=N_("Is er nu of binnenkort een vacature voor facilitair werk?"),
        step="employment",
        pool=Pool.ANY,
    ),
    FactDef(
        code="open_to_long_term_jobseeker",
        type=FactType.BOOLEAN,
        label=N_("Staat de school open voor iemand die al minstens twee jaar werk zoekt?"),
        step="employment",
        pool=Pool.ANY,
    ),
    FactDef(
        code="open_to_work_disability",
        type=FactType.BOOLEAN,
        label=N_("Staat de school open voor iemand met een arbeidsbeperking?"),
        step="employment",
        pool=Pool.ANY,
    ),
    # --- guidance on the work floor ---
    FactDef(
        code="mentor_available",
        type=FactType.BOOLEAN,
        label=N_("Is er iemand die nieuwe medewerkers op de werkvloer kan begeleiden?"),
        help=N_(
            "Bijvoorbeeld een technisch adviseur, een ervaren collega of de facilitair beheerder."
        ),
        step="guidance",
        pool=Pool.ANY,
    ),
    FactDef(
        code="mentor_hours_week",
        type=FactType.NUMBER,
        label=N_("Hoeveel uur per week kan die persoon aan begeleiding besteden?"),
        unit=N_("uur/week"),
        step="guidance",
        minimum=0,
        maximum=200,
        pool=Pool.SUM,
    ),
    # --- hosting stages ---
    FactDef(
        code="host_stages",
        type=FactType.BOOLEAN,
        label=N_("Kan de school stagiairs ontvangen voor facilitair werk?"),
        step="stages",
        pool=Pool.ANY,
    ),
    FactDef(
        code="stage_real_job_offer",
        type=FactType.BOOLEAN,
        label=N_("Kan een stage uitmonden in een echte job bij de school?"),
        help=N_("Een doorstroomstage vertrekt van een echte vacature bij de stageplaats."),
        step="stages",
        pool=Pool.ANY,
    ),
    # --- cooperation ---
    FactDef(
        code="contact_ocmw",
        type=FactType.BOOLEAN,
        label=N_("Werkt de school samen met het OCMW van de gemeente?"),
        step="cooperation",
        pool=Pool.ANY,
    ),
    FactDef(
        code="contact_wijkwerk",
        type=FactType.BOOLEAN,
        label=N_("Kent de school de wijk-werkorganisator van de gemeente?"),
        step="cooperation",
        pool=Pool.ANY,
    ),
    FactDef(
        code="contact_se_regisseur",
        type=FactType.BOOLEAN,
        label=N_("Kent de school de lokale regisseur sociale economie?"),
        step="cooperation",
        pool=Pool.ANY,
    ),
    FactDef(
        code="open_to_buy_from_se",
        type=FactType.BOOLEAN,
        label=N_("Wil de school werk uitbesteden aan een sociale-economieonderneming?"),
        step="cooperation",
        pool=Pool.ANY,
    ),
    FactDef(
        code="open_to_cooperative",
        type=FactType.BOOLEAN,
        label=N_("Wil de school samenwerken met of deelnemen in een coöperatie?"),
        help=N_("Bijvoorbeeld als klant, als vennoot of in een participatief model."),
        step="cooperation",
        pool=Pool.ANY,
    ),
    # --- what is already in use ---
    FactDef(
        code="routes_in_use",
        type=FactType.MULTICHOICE,
        label=N_("Welke van deze maatregelen gebruikt de school vandaag al?"),
        help=N_("Duid alles aan wat van toepassing is. Laat leeg als geen enkele."),
        step="current",
        choices=ROUTE_CODES,
        pool=Pool.UNION,
    ),
    # --- derived ---
    FactDef(
        code="facility_hours_week",
        type=FactType.NUMBER,
        label=N_("Facilitair werk in totaal"),
        unit=N_("uur/week"),
        origin="derived",
        pool=Pool.SUM,
        depends_on=tuple(f"hours_{code}" for code, _ in TASKS),
    ),
    FactDef(
        code="facility_fte",
        type=FactType.NUMBER,
        label=N_("Facilitair werk in voltijdse equivalenten"),
        help=N_(
            "Het totaal aantal uren per week gedeeld door het aantal uren van een voltijdse baan."
        ),
        unit=N_("VTE"),
        origin="derived",
        pool=Pool.SUM,
        depends_on=("facility_hours_week",),
    ),
    FactDef(
        code="region",
        type=FactType.CHOICE,
        label=N_("Gewest"),
        help=N_("Afgeleid uit de postcode."),
        origin="derived",
        choices=REGIONS,
        pool=Pool.SAME,
        depends_on=("postcode",),
    ),
    FactDef(
        code="contracting_authority",
        type=FactType.BOOLEAN,
        label=N_("Het schoolbestuur is een aanbestedende overheid"),
        help=N_(
            "GO!, gemeenten, provincies en vrij gesubsidieerde schoolbesturen volgen de wet op de "
            "overheidsopdrachten."
        ),
        origin="derived",
        pool=Pool.SAME,
        depends_on=("board_type",),
    ),
    FactDef(
        code="board_legal_form",
        type=FactType.CHOICE,
        label=N_("Rechtsvorm van het schoolbestuur"),
        origin="derived",
        choices=LEGAL_FORMS,
        pool=Pool.SAME,
        depends_on=("board_type",),
    ),
    FactDef(
        code="public_sector",
        type=FactType.BOOLEAN,
        label=N_("Het schoolbestuur behoort tot de overheid"),
        help=N_("GO!, gemeenten en provincies wel; een vzw-schoolbestuur niet."),
        origin="derived",
        pool=Pool.SAME,
        depends_on=("board_type",),
    ),
    FactDef(
        code="months_to_contract_end",
        type=FactType.NUMBER,
        label=N_("Maanden tot het eerstvolgende contract afloopt"),
        unit=N_("maanden"),
        origin="derived",
        pool=Pool.MIN,
        depends_on=("contract_end_date",),
    ),
)

FACTS_BY_CODE: dict[str, FactDef] = {fact.code: fact for fact in FACTS}

OPERATORS_BY_TYPE: dict[FactType, tuple[Operator, ...]] = {
    FactType.NUMBER: (
        Operator.EQ,
        Operator.NE,
        Operator.GT,
        Operator.GTE,
        Operator.LT,
        Operator.LTE,
    ),
    FactType.BOOLEAN: (Operator.IS_TRUE, Operator.IS_FALSE),
    FactType.CHOICE: (Operator.EQ, Operator.NE, Operator.IN, Operator.NOT_IN),
    FactType.MULTICHOICE: (Operator.CONTAINS, Operator.NOT_CONTAINS),
    FactType.DATE: (Operator.BEFORE, Operator.ON_OR_AFTER),
    FactType.TEXT: (Operator.EQ, Operator.NE, Operator.IN, Operator.NOT_IN),
}

# Operators that need no value (the fact alone decides).
VALUELESS_OPERATORS = frozenset({Operator.IS_TRUE, Operator.IS_FALSE})

QUESTION_FACTS = tuple(f for f in FACTS if f.origin != "derived")
