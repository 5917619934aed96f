"""The fact registry: every fact a rule may ask about, with its type, unit and Dutch texts.

Three origins:
- ``record``: comes from the school or board record (board type, postcode);
- ``question``: asked in the questionnaire, in the step named by ``step``;
- ``derived``: computed by ``derive.derive_facts`` from other facts and parameters.

Rules refer to facts by code, so codes are stable. The admin offers only the operators that fit
a fact's type (``OPERATORS_BY_TYPE``).
"""

from __future__ import annotations

from .i18n import gettext_noop
from .procurement import PROCEDURE_LABELS
from .types import FactDef, FactType, Operator, Pool

# Questionnaire steps, in order: (code, Dutch title, Dutch intro).
STEPS: tuple[tuple[str, str, str], ...] = (
    (
        "school",
        gettext_noop("Over de school"),
        gettext_noop("Een paar gegevens over de school en het schoolbestuur."),
    ),
    (
        "facility",
        gettext_noop("Facilitair werk"),
        gettext_noop("Per taak: hoeveel uur per week gaat eraan, en wie doet het vandaag?"),
    ),
    (
        "contracts",
        gettext_noop("Contracten"),
        gettext_noop(
            "Wat kost het werk dat een externe firma doet, en wanneer loopt het contract af? "
            "Houd het contract bij de hand."
        ),
    ),
    (
        "employment",
        gettext_noop("Zelf werkgever zijn"),
        gettext_noop("Wil de school of het schoolbestuur zelf mensen in dienst nemen?"),
    ),
    (
        "guidance",
        gettext_noop("Begeleiding op de werkvloer"),
        gettext_noop("Wie kan nieuwe medewerkers opvangen en begeleiden?"),
    ),
    ("stages", gettext_noop("Stages"), gettext_noop("Kan de school stagiairs ontvangen?")),
    (
        "cooperation",
        gettext_noop("Samenwerking"),
        gettext_noop("Met welke partners in de buurt werkt de school al samen?"),
    ),
    (
        "current",
        gettext_noop("Wat loopt al"),
        gettext_noop("Welke maatregelen gebruikt de school vandaag al?"),
    ),
)
# The one place the steps' codes, titles and intros are read from (msgids; translate on show).
STEP_CODES: tuple[str, ...] = tuple(code for code, _title, _intro in STEPS)
STEP_TITLES: dict[str, str] = {code: title for code, title, _intro in STEPS}
STEP_INTROS: dict[str, str] = {code: intro for code, _title, intro in STEPS}
# The step that holds the school's record facts (board type, postcode, pupils, campuses).
RECORD_STEP = STEP_CODES[0]

BOARD_TYPES = (
    ("go", gettext_noop("GO! onderwijs van de Vlaamse Gemeenschap")),
    ("municipality", gettext_noop("Gemeente of stad")),
    ("province", gettext_noop("Provincie")),
    ("vzw", gettext_noop("Vrij gesubsidieerd schoolbestuur (vzw)")),
    ("other", gettext_noop("Ander")),
)

REGIONS = (
    ("flanders", gettext_noop("Vlaams Gewest")),
    ("brussels", gettext_noop("Brussels Hoofdstedelijk Gewest")),
    ("wallonia", gettext_noop("Waals Gewest")),
)

LEGAL_FORMS = (
    ("public_law", gettext_noop("Publiekrechtelijke rechtspersoon")),
    ("vzw", gettext_noop("Vzw")),
    ("other", gettext_noop("Andere rechtsvorm")),
)

PROVIDERS = (
    ("own_staff", gettext_noop("Eigen personeel")),
    ("contractor", gettext_noop("Een gewone firma")),
    ("social_enterprise", gettext_noop("Een sociale onderneming")),
    ("volunteers", gettext_noop("Vrijwilligers of ouders")),
    ("nobody", gettext_noop("Niemand (wordt nu niet gedaan)")),
)

# Facility tasks: (code, Dutch label). Each has an hours fact and a provider fact.
TASKS = (
    ("cleaning", gettext_noop("Schoonmaak")),
    ("maintenance", gettext_noop("Onderhoud en klusjes")),
    ("grounds", gettext_noop("Groenonderhoud en buitenruimte")),
    ("sports", gettext_noop("Openstellen van de sportinfrastructuur")),
    ("catering", gettext_noop("Keuken en catering")),
    ("supervision", gettext_noop("Toezicht en opvang")),
)
TASK_LABELS: dict[str, str] = dict(TASKS)

ROUTE_CODES = (
    (
        "maatwerkafdeling",
        gettext_noop("Maatwerkafdeling (de school als werkgever in de sociale economie)"),
    ),
    ("lokale_diensteneconomie", gettext_noop("Lokale diensteneconomie (LDE)")),
    ("se_purchasing", gettext_noop("Diensten kopen bij de sociale economie")),
    ("transition_internship", gettext_noop("Doorstroomstage (de school als stageplaats)")),
    ("vop", gettext_noop("Vlaamse ondersteuningspremie (VOP)")),
    ("ibo", gettext_noop("Individuele beroepsopleiding (IBO)")),
    (
        "doelgroepvermindering",
        gettext_noop("Doelgroepvermindering voor oudere werknemers en laaggeschoolde jongeren"),
    ),
    ("aanwervingsincentive", gettext_noop("Aanwervingsincentive voor langdurig werkzoekenden")),
    ("art60", gettext_noop("Artikel 60 via het OCMW (de school als werkplek)")),
    ("wijkwerken", gettext_noop("Wijk-werken (de school als werkplek)")),
    ("twe", gettext_noop("Tijdelijke werkervaring (TWE) (de school als werkplek)")),
    ("arbeidszorg", gettext_noop("Arbeidszorg (de school als klant)")),
    ("cooperative", gettext_noop("Samenwerken met of in een coöperatie")),
    ("individueel_maatwerk", gettext_noop("Individueel maatwerk (IMW)")),
    (
        "dgv_zonder_recente_werkervaring",
        gettext_noop("Doelgroepvermindering voor personen zonder recente, duurzame werkervaring"),
    ),
    (
        "arbeidsmatige_activiteiten",
        gettext_noop("Arbeidsmatige activiteiten (de school als klant)"),
    ),
    ("werkervaringsstage", gettext_noop("Werkervaringsstage (de school als stageplaats)")),
)


def _task_facts() -> list[FactDef]:
    facts = []
    for code, label in TASKS:
        facts.append(
            FactDef(
                code=f"hours_{code}",
                type=FactType.NUMBER,
                label=label,
                help=gettext_noop(
                    "Uren per week, alle campussen samen. Vul 0 in als dit niet nodig is."
                ),
                unit=gettext_noop("uur/week"),
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
                help=gettext_noop("Wie doet dit werk vandaag?"),
                step="facility",
                choices=PROVIDERS,
                pool=Pool.NONE,
            )
        )
    return facts


FACTS: tuple[FactDef, ...] = (
    # --- about the school and board (records) ---
    FactDef(
        code="board_type",
        type=FactType.CHOICE,
        label=gettext_noop("Soort schoolbestuur"),
        help=gettext_noop("Het schoolbestuur (inrichtende macht) waartoe de school behoort."),
        step="school",
        origin="record",
        choices=BOARD_TYPES,
        pool=Pool.SAME,
    ),
    FactDef(
        code="postcode",
        type=FactType.TEXT,
        label=gettext_noop("Postcode"),
        help=gettext_noop("De postcode van de hoofdvestiging, vier cijfers."),
        step="school",
        origin="record",
        pool=Pool.NONE,
    ),
    FactDef(
        code="pupils",
        type=FactType.NUMBER,
        label=gettext_noop("Aantal leerlingen"),
        unit=gettext_noop("leerlingen"),
        step="school",
        origin="record",
        minimum=0,
        maximum=100000,
        whole=True,
        pool=Pool.SUM,
    ),
    FactDef(
        code="campuses",
        type=FactType.NUMBER,
        label=gettext_noop("Aantal vestigingsplaatsen"),
        unit=gettext_noop("vestigingen"),
        step="school",
        origin="record",
        minimum=1,
        maximum=500,
        whole=True,
        pool=Pool.SUM,
    ),
    # --- facility work ---
    *_task_facts(),
    FactDef(
        code="outsourced_contract_value",
        type=FactType.NUMBER,
        label=gettext_noop("Jaarbedrag van uitbestede facilitaire contracten"),
        help=gettext_noop(
            "Geschatte waarde per jaar, exclusief btw, van het werk dat een externe partner doet. "
            "Vul 0 in als niets is uitbesteed."
        ),
        unit="EUR",
        step="contracts",
        minimum=0,
        maximum=100_000_000,
        pool=Pool.SUM,
    ),
    FactDef(
        code="contract_duration_years",
        type=FactType.NUMBER,
        label=gettext_noop("Hoeveel jaar loopt zo'n contract, verlengingen inbegrepen?"),
        help=gettext_noop(
            "De volledige looptijd van de opdracht, met alle mogelijke verlengingen. Samen met "
            "het jaarbedrag bepaalt die de geraamde waarde van de hele opdracht, en dus de "
            "procedure."
        ),
        unit=gettext_noop("jaar"),
        step="contracts",
        minimum=0,
        maximum=50,
        pool=Pool.MAX,
    ),
    FactDef(
        code="contract_end_date",
        type=FactType.DATE,
        label=gettext_noop("Wanneer loopt het eerstvolgende contract af?"),
        help=gettext_noop("Laat leeg als er geen lopend contract is."),
        step="contracts",
        pool=Pool.MIN,
    ),
    # --- employing target-group workers ---
    FactDef(
        code="own_payroll_staff",
        type=FactType.BOOLEAN,
        label=gettext_noop(
            "Neemt het schoolbestuur facilitair personeel zelf in dienst, op eigen loonlast?"
        ),
        help=gettext_noop(
            "Dus niet betaald door de Vlaamse Gemeenschap, zoals leerkrachten, maar uit het eigen "
            "werkingsbudget."
        ),
        step="employment",
        pool=Pool.ANY,
    ),
    FactDef(
        code="open_to_hire_target_group",
        type=FactType.BOOLEAN,
        label=gettext_noop(
            "Wil de school iemand met een afstand tot de arbeidsmarkt zelf aanwerven?"
        ),
        step="employment",
        pool=Pool.ANY,
    ),
    FactDef(
        code="planned_target_group_fte",
        type=FactType.NUMBER,
        label=gettext_noop(
            "Hoeveel voltijdse banen (VTE) voor doelgroepwerknemers zou de school kunnen bieden?"
        ),
        help=gettext_noop(
            "Eén VTE is één voltijdse baan van 38 uur per week. "
            "Twee halftijdse banen zijn samen 1 VTE."
        ),
        unit=gettext_noop("VTE"),
        step="employment",
        minimum=0,
        maximum=1000,
        pool=Pool.SUM,
    ),
    FactDef(
        code="open_vacancy",
        type=FactType.BOOLEAN,
        label=gettext_noop("Is er nu of binnenkort een vacature voor facilitair werk?"),
        step="employment",
        pool=Pool.ANY,
    ),
    FactDef(
        code="open_to_long_term_jobseeker",
        type=FactType.BOOLEAN,
        label=gettext_noop(
            "Staat de school open voor iemand die al minstens twee jaar werk zoekt?"
        ),
        step="employment",
        pool=Pool.ANY,
    ),
    FactDef(
        code="open_to_work_disability",
        type=FactType.BOOLEAN,
        label=gettext_noop("Staat de school open voor iemand met een arbeidsbeperking?"),
        step="employment",
        pool=Pool.ANY,
    ),
    # --- guidance on the work floor ---
    FactDef(
        code="mentor_available",
        type=FactType.BOOLEAN,
        label=gettext_noop("Is er iemand die nieuwe medewerkers op de werkvloer kan begeleiden?"),
        help=gettext_noop(
            "Bijvoorbeeld een technisch adviseur, een ervaren collega of de facilitair beheerder."
        ),
        step="guidance",
        pool=Pool.ANY,
    ),
    FactDef(
        code="mentor_hours_week",
        type=FactType.NUMBER,
        label=gettext_noop("Hoeveel uur per week kan die persoon aan begeleiding besteden?"),
        unit=gettext_noop("uur/week"),
        step="guidance",
        minimum=0,
        maximum=40,
        pool=Pool.SUM,
    ),
    # --- hosting stages ---
    FactDef(
        code="host_stages",
        type=FactType.BOOLEAN,
        label=gettext_noop("Kan de school stagiairs ontvangen voor facilitair werk?"),
        step="stages",
        pool=Pool.ANY,
    ),
    FactDef(
        code="stage_real_job_offer",
        type=FactType.BOOLEAN,
        label=gettext_noop("Kan een stage uitmonden in een echte job bij de school?"),
        help=gettext_noop(
            "Een doorstroomstage vertrekt van een reëel jobaanbod bij de stageplaats: een echt "
            "vooruitzicht op een job, niet per se een vacature die nu openstaat."
        ),
        step="stages",
        pool=Pool.ANY,
    ),
    # --- cooperation ---
    FactDef(
        code="contact_ocmw",
        type=FactType.BOOLEAN,
        label=gettext_noop("Werkt de school samen met het OCMW van de gemeente?"),
        step="cooperation",
        pool=Pool.ANY,
    ),
    FactDef(
        code="contact_wijkwerk",
        type=FactType.BOOLEAN,
        label=gettext_noop("Kent de school de wijk-werkorganisator van de gemeente?"),
        step="cooperation",
        pool=Pool.ANY,
    ),
    FactDef(
        code="contact_se_regisseur",
        type=FactType.BOOLEAN,
        label=gettext_noop("Kent de school de lokale regisseur sociale economie?"),
        step="cooperation",
        pool=Pool.ANY,
    ),
    FactDef(
        code="open_to_host_workplace",
        type=FactType.BOOLEAN,
        label=gettext_noop(
            "Wil de school werk bieden aan iemand die in dienst is van een andere organisatie, "
            "zoals het OCMW?"
        ),
        help=gettext_noop(
            "Bij artikel 60 blijft het OCMW de werkgever. De school biedt het werk en een "
            "aanspreekpunt op de werkvloer."
        ),
        step="cooperation",
        pool=Pool.ANY,
    ),
    FactDef(
        code="lde_government_assignment",
        type=FactType.BOOLEAN,
        label=gettext_noop(
            "Heeft een lokale of Vlaamse overheid de dienst als lokale dienst toegewezen en "
            "geattesteerd?"
        ),
        help=gettext_noop(
            "Voor de lokale diensteneconomie (tot 1 juli 2023): de overheid die de dienst "
            "toewijst, attesteert na een impactanalyse dat hij aan de voorwaarden voldoet. De "
            "regisseur sociale economie kennen is niet hetzelfde."
        ),
        step="cooperation",
        pool=Pool.ANY,
    ),
    FactDef(
        code="open_to_buy_from_se",
        type=FactType.BOOLEAN,
        label=gettext_noop("Wil de school werk uitbesteden aan een sociale onderneming?"),
        step="cooperation",
        pool=Pool.ANY,
    ),
    FactDef(
        code="open_to_cooperative",
        type=FactType.BOOLEAN,
        label=gettext_noop("Wil de school samenwerken met of deelnemen in een coöperatie?"),
        help=gettext_noop("Bijvoorbeeld als klant, als vennoot of in een participatief model."),
        step="cooperation",
        pool=Pool.ANY,
    ),
    # --- what is already in use ---
    FactDef(
        code="routes_in_use",
        type=FactType.MULTICHOICE,
        label=gettext_noop("Welke van deze maatregelen gebruikt de school vandaag al?"),
        help=gettext_noop("Duid alles aan wat van toepassing is. Laat leeg als geen enkele."),
        step="current",
        choices=ROUTE_CODES,
        pool=Pool.UNION,
    ),
    # --- derived ---
    FactDef(
        code="facility_hours_week",
        type=FactType.NUMBER,
        label=gettext_noop("Facilitair werk in totaal"),
        unit=gettext_noop("uur/week"),
        origin="derived",
        pool=Pool.SUM,
        depends_on=tuple(f"hours_{code}" for code, _ in TASKS),
    ),
    FactDef(
        code="facility_fte",
        type=FactType.NUMBER,
        label=gettext_noop("Facilitair werk in voltijdse equivalenten"),
        help=gettext_noop(
            "Het totaal aantal uren per week gedeeld door het aantal uren van een voltijdse baan."
        ),
        unit=gettext_noop("VTE"),
        origin="derived",
        pool=Pool.SUM,
        depends_on=("facility_hours_week",),
    ),
    FactDef(
        code="estimated_contract_value",
        type=FactType.NUMBER,
        label=gettext_noop("Geraamde waarde van de hele opdracht (excl. btw)"),
        help=gettext_noop("Het jaarbedrag maal het aantal jaar dat de opdracht loopt."),
        unit="EUR",
        origin="derived",
        minimum=0,
        pool=Pool.SUM,
        depends_on=("outsourced_contract_value", "contract_duration_years"),
    ),
    FactDef(
        code="procurement_procedure",
        type=FactType.CHOICE,
        label=gettext_noop("Procedure die de opdracht nodig heeft"),
        help=gettext_noop(
            "Volgt uit de geraamde waarde van de hele opdracht en de drempels op de datum van "
            "het advies."
        ),
        origin="derived",
        choices=tuple(PROCEDURE_LABELS.items()),
        pool=Pool.NONE,  # derived again from the pooled contract value, never pooled itself
        depends_on=("estimated_contract_value",),
    ),
    FactDef(
        code="region",
        type=FactType.CHOICE,
        label=gettext_noop("Gewest"),
        help=gettext_noop("Afgeleid uit de postcode."),
        origin="derived",
        choices=REGIONS,
        pool=Pool.SAME,
        depends_on=("postcode",),
    ),
    FactDef(
        code="contracting_authority",
        type=FactType.BOOLEAN,
        label=gettext_noop("Het schoolbestuur is een aanbestedende overheid"),
        help=gettext_noop(
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
        label=gettext_noop("Rechtsvorm van het schoolbestuur"),
        origin="derived",
        choices=LEGAL_FORMS,
        pool=Pool.SAME,
        depends_on=("board_type",),
    ),
    FactDef(
        code="public_sector",
        type=FactType.BOOLEAN,
        label=gettext_noop("Het schoolbestuur behoort tot de overheid"),
        help=gettext_noop("GO!, gemeenten en provincies wel; een vzw-schoolbestuur niet."),
        origin="derived",
        pool=Pool.SAME,
        depends_on=("board_type",),
    ),
    FactDef(
        code="months_to_contract_end",
        type=FactType.NUMBER,
        label=gettext_noop("Maanden tot het eerstvolgende contract afloopt"),
        unit=gettext_noop("maanden"),
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
