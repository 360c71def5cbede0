"""The demo data: Leiden University's ICM projects from the public seed pages, and demo logins.

Every row is keyed by a natural key (institution by name, project by slug, person by email,
offer by slug, deadline by project, kind and title...), so loading twice changes nothing.
Dates that must stay current (running projects, open offers, upcoming deadlines) are placed
relative to `today`: a rerun on a later day moves them instead of adding rows. A rerun puts
back the demo values of the fields it sets, and saves only rows that differ (so no history
row is written for nothing); it never resets a password, nor reopens a deadline marked done.
"""

import datetime
import unicodedata
from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import models, transaction

from accounts.permissions import staff_group_permissions
from accounts.rules import STAFF_GROUP
from demo import illustrative
from demo.agreements import load_demo_agreement
from demo.applications import load_applications_demo
from demo.ideas import load_call_for_ideas
from demo.participants import load_participant_demo
from mobility.grants import home_institution, quote_for_partner, recalculate_grants
from mobility.models import (
    STUDENT_ACTIVITIES,
    Activity,
    Direction,
    ExchangeOffer,
    Level,
    Mobility,
    MobilityGrant,
    VirtualActivity,
)
from mobility.rates import seed_rates
from partners.models import Contact, Institution, OrganisationalUnit
from projects.models import Call, Deadline, Person, Project, ProjectPartner, SubjectArea

# Public demo logins: the command prints them.
STAFF_USERNAME = "staff"
STAFF_PASSWORD = "exchange-demo-staff"  # noqa: S105
COORDINATOR_USERNAME = "coordinator"
COORDINATOR_PASSWORD = "exchange-demo-coordinator"  # noqa: S105
COORDINATOR_EMAIL = "maria.yazdanbakhsh@lumc.example.org"

BRUSSELS = ZoneInfo("Europe/Brussels")
AMSTERDAM = ZoneInfo("Europe/Amsterdam")

HOME = {
    "name": "Leiden University",
    "name_local": "Universiteit Leiden",
    "country": "NL",
    "city": "Leiden",
    "latitude": Decimal("52.1572"),
    "longitude": Decimal("4.4854"),
    "website": "https://www.universiteitleiden.nl",
    "schac_code": "universiteitleiden.nl",
    "erasmus_code": "NL LEIDEN01",
    "pic": "999984059",
    "is_home": True,
}

# key: (name, Dutch name, abbreviation)
UNITS = {
    "lumc": ("Leiden University Medical Center", "Leids Universitair Medisch Centrum", "LUMC"),
    "observatory": ("Leiden Observatory", "Sterrewacht Leiden", ""),
    "isga": ("Institute of Security and Global Affairs", "", "ISGA"),
    "lacdr": ("Leiden Academic Centre for Drug Research", "", "LACDR"),
    "lic": ("Leiden Institute of Chemistry", "", "LIC"),
    **illustrative.UNITS,
}

# Identifiers (PIC, OID) are plausible demo values, not the partners' real ones.
PARTNERS = {
    "havana": {
        "name": "University of Havana",
        "name_local": "Universidad de La Habana",
        "country": "CU",
        "city": "Havana",
        "latitude": Decimal("23.1136"),
        "longitude": Decimal("-82.3666"),
        "website": "https://www.uh.cu",
        "schac_code": "uh.cu",
        "pic": "949634178",
        "oid": "E10208471",
    },
    "ssmu": {
        "name": "Siberian State Medical University",
        "name_local": "Сибирский государственный медицинский университет",
        "country": "RU",
        "city": "Tomsk",
        "latitude": Decimal("56.4846"),
        "longitude": Decimal("84.9476"),
        "website": "https://ssmu.ru",
        "schac_code": "ssmu.ru",
        "pic": "947261835",
        "oid": "E10173526",
    },
    "nagasaki": {
        "name": "Nagasaki University",
        "name_local": "長崎大学",
        "country": "JP",
        "city": "Nagasaki",
        "latitude": Decimal("32.7503"),
        "longitude": Decimal("129.8779"),
        "website": "https://www.nagasaki-u.ac.jp",
        "schac_code": "nagasaki-u.ac.jp",
        "pic": "948512764",
        "oid": "E10162954",
    },
    "essti": {
        "name": "Ethiopian Space Science and Technology Institute",
        "name_local": "",
        "country": "ET",
        "city": "Addis Ababa",
        "latitude": Decimal("9.0054"),
        "longitude": Decimal("38.7636"),
        "website": "",
        "schac_code": "",
        "pic": "",
        "oid": "E10254873",
    },
    "fukushima": {
        "name": "Fukushima University",
        "name_local": "福島大学",
        "country": "JP",
        "city": "Fukushima",
        "latitude": Decimal("37.7608"),
        "longitude": Decimal("140.4748"),
        "website": "https://www.fukushima-u.ac.jp",
        "schac_code": "fukushima-u.ac.jp",
        "pic": "946318205",
        "oid": "E10219637",
    },
    "uci": {
        "name": "University of California, Irvine",
        "name_local": "",
        "country": "US",
        "city": "Irvine",
        "latitude": Decimal("33.6846"),
        "longitude": Decimal("-117.8265"),
        "website": "https://uci.edu",
        "schac_code": "uci.edu",
        "pic": "951847302",
        "oid": "",
    },
    "ui": {
        "name": "University of Indonesia",
        "name_local": "Universitas Indonesia",
        "country": "ID",
        "city": "Depok",
        "latitude": Decimal("-6.4025"),
        "longitude": Decimal("106.7942"),
        "website": "https://www.ui.ac.id",
        "schac_code": "ui.ac.id",
        "pic": "",
        "oid": "E10183042",
    },
    "uct": {
        "name": "University of Cape Town",
        "name_local": "",
        "country": "ZA",
        "city": "Cape Town",
        "latitude": Decimal("-33.9249"),
        "longitude": Decimal("18.4241"),
        "website": "https://uct.ac.za",
        "schac_code": "uct.ac.za",
        "pic": "999887151",
        "oid": "E10109468",
    },
    **illustrative.PARTNERS,
}

# partner key: (name, email, position)
CONTACTS = {
    "havana": (
        "Elena García Ruiz",
        "elena.garcia@uh.example.org",
        "International relations officer",
    ),
    "nagasaki": ("Kenji Yamamoto", "kenji.yamamoto@nagasaki-u.example.org", "Global Office"),
    "fukushima": (
        "Aiko Suzuki",
        "aiko.suzuki@fukushima-u.example.org",
        "Institute of Environmental Radioactivity",
    ),
    "uci": (
        "David Mobley",
        "david.mobley@uci.example.org",
        "Professor of Pharmaceutical Sciences and Chemistry",
    ),
}

CALLS = {
    ("KA107", 2019): {
        "deadline": datetime.datetime(2019, 2, 5, 12, 0, tzinfo=BRUSSELS),
        "internal_deadline": date(2019, 1, 14),
        "results_summary": "",
    },
    ("KA107", 2020): {
        "deadline": datetime.datetime(2020, 2, 5, 12, 0, tzinfo=BRUSSELS),
        "internal_deadline": date(2020, 1, 13),
        "results_summary": "",
    },
    ("KA171", 2022): {
        "deadline": datetime.datetime(2022, 2, 23, 12, 0, tzinfo=BRUSSELS),
        "internal_deadline": date(2022, 1, 17),
        # The round's figures (projects, amount, people, countries) are worked out from the
        # projects on its public page; the announcement's words are kept here.
        "results_summary": (
            "The grants are for study, teaching and research projects. The Erasmus+ "
            "International Credit Mobility programme facilitates collaboration with "
            "universities outside the European Union: it is the perfect way to explore "
            "collaboration with new partner universities or to continue existing partnerships."
        ),
    },
}


def current_call(today: date) -> tuple[tuple[str, int], dict]:
    """The KA171 call whose projects are in their second or third year `today`."""
    year = running_period(today)[0].year
    return ("KA171", year), {
        "deadline": datetime.datetime(year, 2, 23, 12, 0, tzinfo=BRUSSELS),
        "internal_deadline": date(year, 1, 16),
        "results_summary": "",
    }


# key: (English, Dutch)
SUBJECT_AREAS = {
    "nanomedicine": ("Nanomedicine", "Nanogeneeskunde"),
    "biomaterials": ("Biomaterials", "Biomaterialen"),
    "imaging": ("Medical imaging", "Medische beeldvorming"),
    "glycomics": ("Glycomics", "Glycomics"),
    "metabolomics": ("Metabolomics", "Metabolomics"),
    "immunomics": ("Immunomics", "Immunomics"),
    "medtech": ("Medical technology", "Medische technologie"),
    "infectious": ("Infectious diseases", "Infectieziekten"),
    "ageing": ("Ageing", "Veroudering"),
    "astronomy": ("Astronomy", "Sterrenkunde"),
    "security": ("Security and crisis management", "Veiligheid en crisisbeheersing"),
    "drugs": ("Drug discovery", "Geneesmiddelenonderzoek"),
    "ml": ("Machine learning", "Machine learning"),
    "immunology": ("Immunology", "Immunologie"),
    "chemistry": ("Chemistry", "Scheikunde"),
    **illustrative.SUBJECT_AREAS,
}

# key: (first name, last name, email, unit, language)
PEOPLE = {
    "cruz": ("Luis", "Cruz", "luis.cruz@lumc.example.org", "lumc", "en"),
    "yazdanbakhsh": ("Maria", "Yazdanbakhsh", COORDINATOR_EMAIL, "lumc", "en"),
    "willebrands": (
        "Michelle",
        "Willebrands",
        "michelle.willebrands@strw.example.org",
        "observatory",
        "nl",
    ),
    "bartolucci": ("Andrea", "Bartolucci", "andrea.bartolucci@fgga.example.org", "isga", "en"),
    "wright": ("Jake", "Wright", "jake.wright@fgga.example.org", "isga", "en"),
    "jespers": ("Willem", "Jespers", "willem.jespers@lacdr.example.org", "lacdr", "nl"),
    "kruisheer": ("Suze", "Kruisheer", "suze.kruisheer@lumc.example.org", "lumc", "nl"),
    **illustrative.PEOPLE,
}

SUMMARIES = {
    "havana": (
        "For several years Leiden University Medical Center (LUMC) and the University of "
        "Havana, with the University of Medical Sciences of Havana, have built an "
        "interdisciplinary environment in nanoscience and medical imaging for PhD and "
        "master's students in nanomedicine, biomaterials and medical imaging. Together they "
        "design novel drug delivery strategies and molecular imaging systems: molecular "
        "imaging identifies diseases and yields specific knowledge in animal models, the "
        "basis for translation into clinical and diagnostic tools.\n\n"
        "Staff and student exchanges in both directions continue this joint research in "
        "therapy and imaging. Cuban students gain access to the research facilities and "
        "expertise of the Leiden laboratories; Leiden researchers broaden their horizons by "
        "doing medical research in Cuba. LUMC staff teach and train in Havana on "
        "biomaterials, 3D-printed composites for cartilage, thermosensitive injectable "
        "hydrogels and carbohydrates as adjuvants in nano form.\n\n"
        "The project fits Leiden University's long-term collaboration policy for Latin "
        "America and the University of Havana's new internationalisation policy, which asks "
        "for exchanges in both directions to share scientific knowledge and to bridge the "
        "economic gap between institutions.",
        "Het LUMC en de Universiteit van Havana werken al jaren samen aan nanogeneeskunde, "
        "biomaterialen en medische beeldvorming. Met uitwisseling van staf en studenten in "
        "beide richtingen zetten zij hun onderzoek naar nieuwe toedieningsvormen van "
        "geneesmiddelen en moleculaire beeldvorming voort.",
    ),
    "ssmu": (
        "Students of the Siberian State Medical University (SSMU) visit LUMC to attend "
        "courses offered to international students. SSMU staff and PhD students work with "
        "LUMC staff and PhD students on innovative approaches to glycomics, metabolomics and "
        "immunomics in epidemiological, mechanistic and translational studies of allergic "
        "diseases and helminth infections.\n\n"
        "LUMC and SSMU have collaborated scientifically and educationally since 2014, in "
        "population health, allergy, inflammation and infectious diseases. The exchange "
        "serves Leiden University's aim of an international classroom and the ambition of "
        "SSMU, one of the top three medical schools in Russia, to take its place in the "
        "international scientific and educational community.",
        "Studenten van de Siberian State Medical University volgen onderwijs aan het LUMC; "
        "staf en promovendi werken samen aan glycomics, metabolomics en immunomics bij "
        "allergische aandoeningen en worminfecties.",
    ),
    "nagasaki": (
        "The exchange of medical and biomedical undergraduate students strengthens a "
        "collaboration of more than 25 years between LUMC and Nagasaki University School of "
        "Medicine (NUSM). Medical technology, infectious diseases and ageing are areas in "
        "which both have complementary experience: for ageing, Nagasaki studies population "
        "cohorts and their medical care, while Leiden focuses on the biomedical markers that "
        "predict biological ageing.\n\n"
        "Nagasaki and the Netherlands share a history that goes back to the 17th century, "
        "when Nagasaki was Japan's only port open to Dutch trade; NUSM, the oldest medical "
        "school in Japan, was founded in 1857 by a doctor of the Dutch navy. Exchanging staff "
        "and students every year keeps the collaboration and its joint research growing.",
        "Uitwisseling van studenten (bio)medische wetenschappen tussen het LUMC en Nagasaki "
        "University, partners sinds meer dan 25 jaar, in medische technologie, "
        "infectieziekten en veroudering.",
    ),
    "essti": (
        "The exchange between Leiden Observatory and the Ethiopian Space Science and "
        "Technology Institute (ESSTI) aims to maximise the contribution astronomy can make "
        "to society. It grew out of discussions with the partners in Ethiopia about their "
        "needs: students and young staff do not always have the chance to go abroad, "
        "although this is more or less essential to an academic career.\n\n"
        "ESSTI students come to Leiden for a three-month research project, and ESSTI staff "
        "for one to two weeks to work with a researcher of Leiden Observatory. Leiden staff "
        "go to Ethiopia to give training sessions, for instance on project management, "
        "entrepreneurial skills and writing a good research proposal.",
        "Studenten en jonge stafleden van het Ethiopische ESSTI doen onderzoek aan de "
        "Sterrewacht Leiden; Leidse staf geeft trainingen in Ethiopië.",
    ),
    "fukushima": (
        "In the bachelor's course 'Case Study Fukushima' at the Institute of Security and "
        "Global Affairs (ISGA), students learn about the safety aspects of the 2011 "
        "Fukushima nuclear disaster. The course works with researchers of the Institute of "
        "Environmental Radioactivity at Fukushima University, set up in 2013 to research "
        "radiation around the disaster site and the environmental problems it brings.\n\n"
        "The grant brings these Japanese researchers to the Netherlands to share their "
        "knowledge, and takes the coordinators to Japan to expand their network and bring "
        "researchers from other universities into the exchange.",
        "Onderzoekers van het Institute of Environmental Radioactivity van Fukushima "
        "University dragen bij aan de bachelorcursus 'Case Study Fukushima' van het ISGA.",
    ),
    "uci": (
        "Master's students and PhD candidates of the Leiden Academic Centre for Drug "
        "Research (LACDR) do six months of research at the University of California, Irvine, "
        "in the group of David Mobley, on machine learning and drug development with the aid "
        "of AI.\n\n"
        "Leiden works more with AI, Irvine more with molecular dynamics; combining the two "
        "should predict how certain molecules bind to proteins in the human body, an "
        "essential part of how medicines work. The coordinator visits Irvine a few weeks "
        "before the exchange begins to develop a joint research question.",
        "Masterstudenten en promovendi van het LACDR doen zes maanden onderzoek in de groep "
        "van David Mobley aan de University of California, Irvine, naar machine learning en "
        "geneesmiddelenontwikkeling.",
    ),
    "lumc-global": (
        "With LUMC Global, Leiden University Medical Center consolidates and streamlines the "
        "international mobility of its students, teachers and researchers, building on "
        "existing partnerships and creating new ones with selected institutes worldwide.\n\n"
        "When the pandemic limited physical mobility, LUMC Global launched a one-week live "
        "online lecture series, 'Introduction to Cutting-edge immunology', in October 2020, "
        "from the Frontiers of Science course 'Cutting-edge immunology: from chemistry to "
        "metabolism'. Students of LUMC partner universities, mainly in Africa, Indonesia and "
        "China, and Dutch students took part: 95 in total.",
        "LUMC Global bundelt de internationale mobiliteit van het LUMC. In oktober 2020 "
        "volgden 95 studenten een week lang de online collegereeks 'Introduction to "
        "Cutting-edge immunology'.",
    ),
    "uct": (
        "A proposal for staff and student exchange in sustainable chemistry between the "
        "Leiden Institute of Chemistry and the University of Cape Town.",
        "Voorstel voor uitwisseling in duurzame scheikunde met de University of Cape Town.",
    ),
}


def running_period(today: date) -> tuple[date, date]:
    """36 months from 1 August, placed so that the project is in its second or third year."""
    start_year = today.year - 1 if today >= date(today.year, 8, 1) else today.year - 2
    return date(start_year, 8, 1), date(start_year + 3, 7, 31)


def _project_rows(today: date) -> dict[str, dict]:
    running_start, running_end = running_period(today)
    running_call = current_call(today)[0]
    round_2022 = illustrative.ROUND_2022_PERIOD
    staff_student = Project.MobilityType.STAFF_AND_STUDENT
    closed, running = Project.Status.CLOSED, Project.Status.RUNNING
    rows = {
        "havana": {
            "slug": "lumc-university-of-havana",
            "title": "Nanomedicine and medical imaging with the University of Havana",
            "title_nl": "Nanogeneeskunde en medische beeldvorming met de Universiteit van Havana",
            "call": ("KA107", 2020),
            "unit": "lumc",
            "lead": "cruz",
            "partners": ("havana",),
            "status": closed,
            "period": (date(2020, 8, 1), date(2023, 7, 31)),
            "grant_agreement_number": "2020-1-NL01-KA107-078412",
            "subject_areas": ("nanomedicine", "biomaterials", "imaging"),
        },
        "ssmu": {
            "slug": "lumc-siberian-state-medical-university",
            "title": "Glycomics, metabolomics and immunomics with Siberian State Medical "
            "University",
            "title_nl": "Glycomics, metabolomics en immunomics met de Siberian State Medical "
            "University",
            "call": ("KA107", 2019),
            "unit": "lumc",
            "lead": "yazdanbakhsh",
            "partners": ("ssmu",),
            "status": closed,
            "period": (date(2019, 8, 1), date(2021, 7, 31)),
            "grant_agreement_number": "2019-1-NL01-KA107-060233",
            "subject_areas": ("glycomics", "metabolomics", "immunomics"),
        },
        "nagasaki": {
            "slug": "lumc-nagasaki-university",
            "title": "Medical technology, infectious diseases and ageing with Nagasaki University",
            "title_nl": "Medische technologie, infectieziekten en veroudering met Nagasaki "
            "University",
            "call": ("KA107", 2020),
            "unit": "lumc",
            "lead": "yazdanbakhsh",
            "partners": ("nagasaki",),
            "status": closed,
            "period": (date(2020, 8, 1), date(2023, 7, 31)),
            "grant_agreement_number": "2020-1-NL01-KA107-078415",
            "subject_areas": ("medtech", "infectious", "ageing"),
        },
        "essti": {
            "slug": "leiden-observatory-essti",
            "title": "Astronomy for society with the Ethiopian Space Science and Technology "
            "Institute",
            "title_nl": "Sterrenkunde voor de samenleving met het Ethiopian Space Science and "
            "Technology Institute",
            "call": ("KA171", 2022),
            "unit": "observatory",
            "lead": "willebrands",
            # "Michelle Willebrands (former coordinator)", as the announcement says.
            "lead_is_former": True,
            "partners": ("essti",),
            "status": closed,
            "period": round_2022,
            "grant_agreement_number": "2022-1-NL01-KA171-HED-000000231",
            "subject_areas": ("astronomy",),
        },
        "fukushima": {
            "slug": "isga-fukushima-university",
            "title": "Case Study Fukushima with Fukushima University",
            "title_nl": "Case Study Fukushima met Fukushima University",
            "call": ("KA171", 2022),
            "unit": "isga",
            "lead": "bartolucci",
            "co": ("wright",),
            "partners": ("fukushima",),
            "mobility_type": Project.MobilityType.STAFF,
            "status": closed,
            "period": round_2022,
            "grant_agreement_number": "2022-1-NL01-KA171-HED-000000232",
            "subject_areas": ("security",),
        },
        "uci": {
            "slug": "lacdr-university-of-california",
            "title": "Machine learning for drug discovery with the University of California, "
            "Irvine",
            "title_nl": "Machine learning voor geneesmiddelenonderzoek met de University of "
            "California, Irvine",
            "call": ("KA171", 2022),
            "unit": "lacdr",
            "lead": "jespers",
            "partners": ("uci",),
            "status": closed,
            "period": round_2022,
            "grant_agreement_number": "2022-1-NL01-KA171-HED-000000233",
            "subject_areas": ("drugs", "ml"),
        },
        "lumc-global": {
            "slug": "lumc-global-cutting-edge-immunology",
            "title": "LUMC Global: Introduction to Cutting-edge immunology",
            "title_nl": "LUMC Global: online collegereeks Introduction to Cutting-edge immunology",
            "call": ("KA107", 2019),
            "unit": "lumc",
            "lead": "kruisheer",
            "partners": ("ui", "uct"),
            "mobility_type": Project.MobilityType.VIRTUAL,
            "status": closed,
            "period": (date(2019, 8, 1), date(2022, 7, 31)),
            # An online lecture series (a virtual activity), not an ICM grant.
            "grant_agreement_number": "",
            "subject_areas": ("immunology",),
        },
        # Not public: an application that was never submitted.
        "uct": {
            "slug": "lic-university-of-cape-town",
            "title": "Sustainable chemistry exchange with the University of Cape Town",
            "title_nl": "Uitwisseling in duurzame scheikunde met de University of Cape Town",
            "call": ("KA171", 2022),
            "unit": "lic",
            "lead": "jespers",
            "partners": ("uct",),
            "status": Project.Status.PROPOSAL,
            "period": (date(2022, 8, 1), date(2024, 7, 31)),
            "grant_agreement_number": "",
            "subject_areas": ("chemistry",),
        },
    }
    for key, row in rows.items():
        row["summary"], row["summary_nl"] = SUMMARIES[key]
    for key, row in illustrative.ROUND_2022_PROJECTS.items():
        rows[f"round-{key}"] = {**row, "status": closed}
    # The seed partnerships continued in the current call: the demo's running projects.
    follow_up = {
        "call": running_call,
        "status": running,
        "period": (running_start, running_end),
        "is_illustrative": True,
    }
    rows["uci-next"] = {
        **rows["uci"],
        **follow_up,
        "slug": "lacdr-university-of-california-follow-up",
        "title": "Machine learning for drug discovery with UC Irvine: the follow-up",
        "title_nl": "Machine learning voor geneesmiddelenonderzoek met UC Irvine: het vervolg",
        "interim_in_days": -3,
        "grant_agreement_number": f"{running_call[1]}-1-NL01-KA171-HED-000000301",
    }
    rows["fukushima-next"] = {
        **rows["fukushima"],
        **follow_up,
        "slug": "isga-fukushima-university-follow-up",
        "title": "Case Study Fukushima with Fukushima University: the follow-up",
        "title_nl": "Case Study Fukushima met Fukushima University: het vervolg",
        "interim_in_days": 30,
        "grant_agreement_number": f"{running_call[1]}-1-NL01-KA171-HED-000000302",
    }
    rows["nagasaki-next"] = {
        **rows["nagasaki"],
        **follow_up,
        "slug": "lumc-nagasaki-university-follow-up",
        "title": "Ageing and infectious diseases with Nagasaki University: the follow-up",
        "title_nl": "Veroudering en infectieziekten met Nagasaki University: het vervolg",
        "interim_in_days": 7,
        "grant_agreement_number": f"{running_call[1]}-1-NL01-KA171-HED-000000303",
    }
    for row in rows.values():
        row.setdefault("co", ())
        row.setdefault("mobility_type", staff_student)
        row.setdefault("lead_is_former", False)
        row.setdefault("is_illustrative", False)
    return rows


# (project, partner, activity, direction, mobilities, days each): the amount of a line is
# the grant of its mobilities at the call's rates (line_amount), never typed.
STA, STT = Activity.TEACHING, Activity.TRAINING
SMS, SMT = Activity.STUDY, Activity.TRAINEESHIP
IN, OUT = Direction.INCOMING, Direction.OUTGOING
GRANT_LINES = (
    ("havana", "havana", STA, OUT, 2, 5),
    ("havana", "havana", STT, IN, 2, 5),
    ("havana", "havana", SMS, IN, 3, 180),
    # SSMU: incoming flows only.
    ("ssmu", "ssmu", SMS, IN, 4, 90),
    ("ssmu", "ssmu", STT, IN, 2, 10),
    ("nagasaki", "nagasaki", SMT, IN, 4, 90),
    ("nagasaki", "nagasaki", SMS, OUT, 2, 90),
    ("nagasaki", "nagasaki", STA, OUT, 1, 5),
    ("nagasaki", "nagasaki", STT, IN, 1, 5),
    ("essti", "essti", SMT, IN, 3, 90),
    ("essti", "essti", STT, IN, 2, 10),
    ("essti", "essti", STA, OUT, 2, 5),
    # Fukushima: staff flows only.
    ("fukushima", "fukushima", STA, IN, 3, 5),
    ("fukushima", "fukushima", STT, OUT, 2, 10),
    ("uci", "uci", SMT, OUT, 3, 180),
    ("uci", "uci", STT, OUT, 1, 14),
    *((f"round-{project}", *rest) for project, *rest in illustrative.ROUND_2022_GRANT_LINES),
    ("uci-next", "uci", SMT, OUT, 3, 180),
    ("fukushima-next", "fukushima", STA, IN, 3, 5),
    ("fukushima-next", "fukushima", STT, OUT, 2, 10),
    ("nagasaki-next", "nagasaki", SMS, OUT, 2, 90),
    ("nagasaki-next", "nagasaki", STA, OUT, 1, 5),
    ("uct", "uct", SMS, IN, 2, 150),
    ("uct", "uct", STA, OUT, 1, 5),
)


def line_period(call_year: int, activity: str, days: int) -> tuple[date, date]:
    """The first and last activity day of one mobility of a grant line of `days` days, from
    1 February after the call: 30-day months for long-term students, else calendar days."""
    start = date(call_year + 1, 2, 1)
    if activity in STUDENT_ACTIVITIES and days > 30:
        months, rest = divmod(days, 30)
        month_index = start.month - 1 + months
        after_months = date(start.year + month_index // 12, month_index % 12 + 1, 1)
        return start, after_months + timedelta(days=rest - 1)
    return start, start + timedelta(days=days - 1)


def line_quote(*, call, partner, home, activity, direction, days):
    """The grant of one mobility of a grant line, as `grant_quote` gives it."""
    start, end = line_period(call.year, activity, days)
    return quote_for_partner(
        partner=partner,
        home=home,
        call_year=call.year,
        action=call.action,
        activity=activity,
        direction=direction,
        start=start,
        end=end,
    )


def _mobility(project, first, last, *, gender, nationality, activity, direction, level, status,
              start, end) -> dict:  # fmt: skip
    ascii_name = unicodedata.normalize("NFKD", f"{first}.{last}").encode("ascii", "ignore")
    email = ascii_name.decode().lower().replace(" ", "-") + "@students.example.org"
    completed = status == Mobility.Status.COMPLETED
    return {
        "project": project,
        "email": email,
        "values": {
            "first_name": first,
            "last_name": last,
            "gender": gender,
            "nationality": nationality,
            "activity": activity,
            "direction": direction,
            "level": level,
            "status": status,
            "planned_start": start,
            "planned_end": end,
            "actual_start": start if completed else None,
            "actual_end": end if completed else None,
            # Staff get one funded travel day before and one after.
            "travel_days": 2 if level == Level.STAFF else 0,
        },
    }


def _mobility_rows(today: date) -> list[dict]:
    """Fictional participants; dates in running projects are placed around `today`."""

    def days(n: int) -> date:
        return today + timedelta(days=n)

    status = Mobility.Status
    incoming, outgoing = Direction.INCOMING, Direction.OUTGOING
    return [
        _mobility(
            "havana", "Pieter", "van Dijk", gender="M", nationality="NL",
            activity=Activity.TEACHING, direction=outgoing, level=Level.STAFF,
            status=status.COMPLETED, start=date(2022, 3, 7), end=date(2022, 3, 11),
        ),
        _mobility(
            "havana", "Laura", "Méndez Ortiz", gender="F", nationality="CU",
            activity=Activity.STUDY, direction=incoming, level=Level.MASTER,
            status=status.COMPLETED, start=date(2021, 9, 1), end=date(2022, 2, 27),
        ),
        _mobility(
            "nagasaki", "Haruto", "Tanaka", gender="M", nationality="JP",
            activity=Activity.TRAINEESHIP, direction=incoming, level=Level.BACHELOR,
            status=status.COMPLETED, start=date(2022, 9, 5), end=date(2022, 12, 3),
        ),
        _mobility(
            "essti", "Selam", "Tesfaye", gender="F", nationality="ET",
            activity=Activity.TRAINEESHIP, direction=incoming, level=Level.MASTER,
            status=status.COMPLETED, start=date(2023, 2, 1), end=date(2023, 4, 30),
        ),
        _mobility(
            "essti", "Dawit", "Bekele", gender="M", nationality="ET",
            activity=Activity.TRAINING, direction=incoming, level=Level.STAFF,
            status=status.COMPLETED, start=date(2023, 3, 6), end=date(2023, 3, 15),
        ),
        _mobility(
            "fukushima-next", "Yuki", "Sato", gender="F", nationality="JP",
            activity=Activity.TEACHING, direction=incoming, level=Level.STAFF,
            status=status.COMPLETED, start=days(-60), end=days(-56),
        ),
        _mobility(
            "uci-next", "Eva", "Janssen", gender="F", nationality="NL",
            activity=Activity.TRAINEESHIP, direction=outgoing, level=Level.MASTER,
            status=status.NOMINATED, start=days(60), end=days(239),
        ),
        _mobility(
            "uci-next", "Thomas", "Bakker", gender="M", nationality="NL",
            activity=Activity.TRAINEESHIP, direction=outgoing, level=Level.DOCTORAL,
            status=status.APPROVED, start=days(21), end=days(200),
        ),
    ]  # fmt: skip


def _offer_rows(today: date) -> list[dict]:
    """Open offers have deadlines ahead of `today`; the older projects' offers have closed."""

    def days(n: int) -> date:
        return today + timedelta(days=n)

    return [
        {
            "slug": "three-month-research-project-leiden",
            "project": "essti",
            "title": "Three-month research project in Leiden",
            "title_nl": "Onderzoeksproject van drie maanden in Leiden",
            "description": "ESSTI students join a research group at Leiden Observatory for a "
            "three-month research project, supervised by a Leiden astronomer.",
            "description_nl": "Studenten van ESSTI doen drie maanden onderzoek in een "
            "onderzoeksgroep van de Sterrewacht Leiden.",
            "eligibility": "Master's students of ESSTI nominated by their institute.",
            "eligibility_nl": "Masterstudenten van ESSTI, voorgedragen door hun instituut.",
            "activity": Activity.TRAINEESHIP,
            "direction": Direction.INCOMING,
            "level": Level.MASTER,
            "subject_area": "astronomy",
            "places": 3,
            "duration_days": 90,
            "period": (date(2023, 1, 15), date(2024, 12, 31)),
            "application_deadline": date(2022, 11, 15),
        },
        {
            "slug": "six-months-research-university-of-california",
            "project": "uci-next",
            "title": "Six months of research at the University of California",
            "title_nl": "Zes maanden onderzoek aan de University of California",
            "description": "Six months in David Mobley's group at UC Irvine, combining "
            "molecular dynamics with machine learning to predict how molecules bind to "
            "proteins.",
            "description_nl": "Zes maanden in de groep van David Mobley aan UC Irvine: "
            "moleculaire dynamica en machine learning om binding aan eiwitten te voorspellen.",
            "eligibility": "LACDR master's students and PhD candidates.",
            "eligibility_nl": "Masterstudenten en promovendi van het LACDR.",
            "activity": Activity.TRAINEESHIP,
            "direction": Direction.OUTGOING,
            "level": Level.MASTER,
            "subject_area": "drugs",
            "places": 3,
            "duration_days": 180,
            "period": (days(75), days(440)),
            "application_deadline": days(30),
        },
        {
            "slug": "three-months-at-nagasaki-university",
            "project": "nagasaki-next",
            "title": "Three months of study at Nagasaki University",
            "title_nl": "Drie maanden studeren aan Nagasaki University",
            "description": "Three months at Nagasaki University School of Medicine, with the "
            "research groups on ageing and on infectious diseases.",
            "description_nl": "Drie maanden aan de medische faculteit van Nagasaki University, "
            "bij de onderzoeksgroepen voor veroudering en infectieziekten.",
            "eligibility": "LUMC bachelor's and master's students of (Bio)Medical Sciences.",
            "eligibility_nl": "Bachelor- en masterstudenten (Bio)medische wetenschappen.",
            "activity": Activity.STUDY,
            "direction": Direction.OUTGOING,
            "level": Level.BACHELOR,
            "subject_area": "ageing",
            "places": 2,
            "duration_days": 90,
            "period": (days(120), days(300)),
            "application_deadline": days(60),
        },
        {
            "slug": "research-visit-leiden-observatory",
            "project": "essti",
            "title": "One to two weeks at Leiden Observatory",
            "title_nl": "Een tot twee weken aan de Sterrewacht Leiden",
            "description": "ESSTI staff work with a Leiden Observatory researcher for one to "
            "two weeks.",
            "description_nl": "Staf van ESSTI werkt een tot twee weken samen met een onderzoeker "
            "van de Sterrewacht Leiden.",
            "eligibility": "Young academic staff of ESSTI.",
            "eligibility_nl": "Jonge wetenschappelijke staf van ESSTI.",
            "activity": Activity.TRAINING,
            "direction": Direction.INCOMING,
            "level": Level.STAFF,
            "subject_area": "astronomy",
            "places": 2,
            "duration_days": 10,
            "period": (date(2022, 10, 1), date(2024, 6, 30)),
            "application_deadline": date(2022, 9, 15),
        },
        {
            "slug": "nagasaki-student-exchange",
            "project": "nagasaki",
            "title": "Student exchange with Nagasaki University",
            "title_nl": "Studentenuitwisseling met Nagasaki University",
            "description": "Three months at Nagasaki University School of Medicine, in "
            "medical technology, infectious diseases or ageing.",
            "description_nl": "Drie maanden aan de medische faculteit van Nagasaki University, "
            "in medische technologie, infectieziekten of veroudering.",
            "eligibility": "LUMC bachelor's and master's students of (Bio)Medical Sciences.",
            "eligibility_nl": "Bachelor- en masterstudenten (Bio)medische wetenschappen.",
            "activity": Activity.STUDY,
            "direction": Direction.OUTGOING,
            "level": Level.BACHELOR,
            "subject_area": "ageing",
            "places": 2,
            "duration_days": 90,
            "period": (date(2022, 9, 1), date(2023, 3, 31)),
            "application_deadline": date(2022, 3, 15),
        },
        {
            "slug": "havana-staff-teaching-week",
            "project": "havana",
            "title": "Staff teaching week at the University of Havana",
            "title_nl": "Onderwijsweek voor staf aan de Universiteit van Havana",
            "description": "Five days of teaching on biomaterials and medical imaging at the "
            "University of Havana, with a travel day before and after.",
            "description_nl": "Vijf dagen onderwijs over biomaterialen en medische beeldvorming "
            "aan de Universiteit van Havana.",
            "eligibility": "LUMC academic staff; at least eight teaching hours.",
            "eligibility_nl": "Wetenschappelijke staf van het LUMC; minstens acht lesuren.",
            "activity": Activity.TEACHING,
            "direction": Direction.OUTGOING,
            "level": Level.STAFF,
            "subject_area": "imaging",
            "places": 2,
            "duration_days": 5,
            "period": (date(2022, 2, 1), date(2022, 6, 30)),
            "application_deadline": date(2021, 11, 15),
        },
    ]


# (project, kind, title, days from today): what coordinators are reminded of.
RELATIVE_DEADLINES = (
    ("uci-next", Deadline.Kind.MOBILITY_AGREEMENT, "Learning agreements signed for Irvine", 1),
)
INTERIM_REPORT_TITLE = "Interim report"
FINAL_REPORT_TITLE = "Final report"


CREATED, UPDATED, KEPT = "created", "updated", "kept"
_RANK = {KEPT: 0, UPDATED: 1, CREATED: 2}


class _Tally:
    """What happened to each row; a row both created and changed later counts as created.

    Without `reset`, rows that exist are kept as they are (someone may have changed them
    while trying the demo); with it, they are restored to the demo's values.
    """

    def __init__(self, *, reset: bool = False):
        self.reset = reset
        self._states: dict[tuple[str, object], str] = {}

    def mark(self, obj: models.Model, state: str) -> None:
        key = (obj._meta.label, obj.pk)
        if key not in self._states or _RANK[state] > _RANK[self._states[key]]:
            self._states[key] = state

    def created(self, obj: models.Model) -> bool:
        return self._states.get((obj._meta.label, obj.pk)) == CREATED

    def summary(self) -> dict[str, dict[str, int]]:
        result: dict[str, dict[str, int]] = {CREATED: {}, UPDATED: {}, KEPT: {}}
        for (label, _pk), state in sorted(self._states.items(), key=lambda item: item[0][0]):
            result[state][label] = result[state].get(label, 0) + 1
        return result


def _same(obj: models.Model, name: str, value) -> bool:
    field = obj._meta.get_field(name)
    if field.is_relation:
        return getattr(obj, field.attname) == (value.pk if value is not None else None)
    return field.get_prep_value(getattr(obj, name)) == field.get_prep_value(value)


def _single_unique_fields(model) -> list[str]:
    names = [f.name for f in model._meta.fields if f.unique and not f.primary_key]
    names += [
        constraint.fields[0]
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and len(constraint.fields) == 1
    ]
    return names


def _existing(model, lookup: dict, values: dict):
    """The row by its natural key or, when someone renamed it, by a unique value it still has."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is not None:
        return obj
    for name in _single_unique_fields(model):
        value = values.get(name, lookup.get(name))
        if value not in (None, "", False):
            obj = model._default_manager.filter(**{name: value}).first()
            if obj is not None:
                return obj
    return None


def _upsert(tally: _Tally, model, lookup: dict, values: dict, *, new_only: dict | None = None):
    """Get the row by its natural key; create it, or (on reset) save it if a value differs."""
    obj = _existing(model, lookup, values)
    if obj is None:
        obj = model(**lookup, **values, **(new_only or {}))
        obj.full_clean()
        obj.save()
        tally.mark(obj, CREATED)
        return obj
    if not tally.reset:
        tally.mark(obj, KEPT)
        return obj
    values = {**lookup, **values}
    changed = {name: value for name, value in values.items() if not _same(obj, name, value)}
    for name, value in changed.items():
        setattr(obj, name, value)
    if changed:
        obj.full_clean()
        obj.save()
    tally.mark(obj, UPDATED if changed else KEPT)
    return obj


def _sync_m2m(
    tally: _Tally, obj: models.Model, name: str, targets, *, always: bool = False
) -> None:
    """Set the links of a row created now, or of any row on reset (or `always`)."""
    if not (always or tally.reset or tally.created(obj)):
        return
    manager = getattr(obj, name)
    if set(manager.values_list("pk", flat=True)) != {target.pk for target in targets}:
        manager.set(targets)
        tally.mark(obj, UPDATED)


def _load_institutions(tally: _Tally):
    home_values = {key: value for key, value in HOME.items() if key != "name"}
    home = _upsert(tally, Institution, {"name": HOME["name"]}, home_values)
    units = {
        key: _upsert(
            tally,
            OrganisationalUnit,
            {"institution": home, "name": name},
            {"name_nl": name_nl, "abbreviation": abbreviation},
        )
        for key, (name, name_nl, abbreviation) in UNITS.items()
    }
    partners = {}
    for key, row in PARTNERS.items():
        values = {field: value for field, value in row.items() if field != "name"}
        partners[key] = _upsert(tally, Institution, {"name": row["name"]}, values)
    contacts = {
        key: _upsert(
            tally,
            Contact,
            {"institution": partners[key], "name": name},
            {"email": email, "position": position},
        )
        for key, (name, email, position) in CONTACTS.items()
    }
    return units, partners, contacts


def _load_accounts(tally: _Tally):
    group = _upsert(tally, Group, {"name": STAFF_GROUP}, {})
    permissions = list(staff_group_permissions())
    # The staff group's permissions are the portal's, not demo data: always brought up to date.
    _sync_m2m(tally, group, "permissions", permissions, always=True)
    user_model = get_user_model()
    staff = _upsert(
        tally,
        user_model,
        {"username": STAFF_USERNAME},
        {"email": "iro@leiden.example.org", "is_staff": True, "is_active": True},
        new_only={"password": make_password(STAFF_PASSWORD)},
    )
    _sync_m2m(tally, staff, "groups", [group])
    coordinator = _upsert(
        tally,
        user_model,
        {"username": COORDINATOR_USERNAME},
        {
            "email": COORDINATOR_EMAIL,
            "first_name": "Maria",
            "last_name": "Yazdanbakhsh",
            "is_staff": False,
            "is_active": True,
        },
        new_only={"password": make_password(COORDINATOR_PASSWORD)},
    )
    logins = [
        (f"Staff ({STAFF_GROUP})", staff, STAFF_PASSWORD),
        ("Coordinator (Maria Yazdanbakhsh)", coordinator, COORDINATOR_PASSWORD),
    ]
    return coordinator, [
        {
            "label": label,
            "username": user.username,
            # A password someone changed is neither reset nor shown.
            "password": password if user.check_password(password) else None,
        }
        for label, user, password in logins
    ]


def _grant_line_amounts(rows, *, calls, partners) -> tuple[list[Decimal], dict[str, Decimal]]:
    """Each grant line's amount (its mobilities' individual and travel support) and each
    awarded project's budget (its lines with the organisational support of each mobility)."""
    home = home_institution()
    amounts, budgets = [], dict.fromkeys(rows, Decimal("0.00"))
    for project, partner, activity, direction, planned, days in GRANT_LINES:
        quote = line_quote(
            call=calls[rows[project]["call"]],
            partner=partners[partner],
            home=home,
            activity=activity,
            direction=direction,
            days=days,
        )
        amounts.append(planned * quote.participant_grant)
        if rows[project]["status"] in Project.PUBLIC_STATUSES:
            budgets[project] += planned * quote.total
    return amounts, budgets


def _load_projects(tally: _Tally, *, today: date, units, partners, contacts, coordinator_user):
    call_key, call_values = current_call(today)
    calls = {
        key: _upsert(tally, Call, {"action": key[0], "year": key[1]}, values)
        for key, values in {**CALLS, call_key: call_values}.items()
    }
    areas = {
        key: _upsert(tally, SubjectArea, {"name": name}, {"name_nl": name_nl})
        for key, (name, name_nl) in SUBJECT_AREAS.items()
    }
    people = {}
    for key, (first, last, email, unit, language) in PEOPLE.items():
        values = {"first_name": first, "last_name": last, "unit": units[unit], "language": language}
        # Only the demo coordinator's account is ours to link; others may be linked by hand.
        if email == COORDINATOR_EMAIL:
            values["user"] = coordinator_user
        people[key] = _upsert(tally, Person, {"email": email}, values)
    rows = _project_rows(today)
    line_amounts, budgets = _grant_line_amounts(rows, calls=calls, partners=partners)
    projects = {}
    for key, row in rows.items():
        start, end = row["period"]
        interim = row.get("interim_in_days")
        project = _upsert(
            tally,
            Project,
            {"slug": row["slug"]},
            {
                "call": calls[row["call"]],
                "title": row["title"],
                "title_nl": row["title_nl"],
                "grant_agreement_number": row["grant_agreement_number"],
                "home_unit": units[row["unit"]],
                "lead_coordinator": people[row["lead"]],
                "lead_coordinator_is_former": row["lead_is_former"],
                "is_illustrative": row["is_illustrative"],
                "mobility_type": row["mobility_type"],
                "status": row["status"],
                "start_date": start,
                "end_date": end,
                "interim_report_date": today + timedelta(days=interim) if interim else None,
                "summary": row["summary"],
                "summary_nl": row["summary_nl"],
                "awarded_budget": budgets[key],
            },
        )
        _sync_m2m(tally, project, "co_coordinators", [people[p] for p in row["co"]])
        _sync_m2m(tally, project, "subject_areas", [areas[a] for a in row["subject_areas"]])
        for partner_key in row["partners"]:
            _upsert(
                tally,
                ProjectPartner,
                {"project": project, "institution": partners[partner_key]},
                {"role": ProjectPartner.Role.PARTNER, "contact": contacts.get(partner_key)},
            )
        projects[key] = project
    return projects, areas, rows, line_amounts


def _load_virtual_activity(tally: _Tally, projects) -> None:
    _upsert(
        tally,
        VirtualActivity,
        {"project": projects["lumc-global"], "title": "Introduction to Cutting-edge immunology"},
        {
            "description": "A one-week live online lecture series from the Frontiers of "
            "Science course 'Cutting-edge immunology: from chemistry to metabolism', for "
            "students of LUMC partner universities, mainly in Africa, Indonesia and China, "
            "and Dutch students.",
            "start_date": date(2020, 10, 12),
            "end_date": date(2020, 10, 16),
            "participants": 95,
        },
    )


def _load_mobility(
    tally: _Tally, *, today: date, projects, rows, partners, areas, line_amounts
) -> None:
    lines = zip(GRANT_LINES, line_amounts, strict=True)
    for (project, partner, activity, direction, planned, duration), amount in lines:
        _upsert(
            tally,
            MobilityGrant,
            {
                "project": projects[project],
                "partner": partners[partner],
                "activity": activity,
                "direction": direction,
            },
            {
                "mobilities_planned": planned,
                "duration_days": duration,
                "amount_awarded": amount,
            },
        )
    for row in _mobility_rows(today):
        partner = partners[rows[row["project"]]["partners"][0]]
        values = {**row["values"], "partner": partner}
        _upsert(
            tally, Mobility, {"project": projects[row["project"]], "email": row["email"]}, values
        )
    for row in _offer_rows(today):
        project = projects[row["project"]]
        period_start, period_end = row["period"]
        values = {
            field: row[field]
            for field in (
                "title",
                "title_nl",
                "description",
                "description_nl",
                "eligibility",
                "eligibility_nl",
                "activity",
                "direction",
                "level",
                "places",
                "duration_days",
                "application_deadline",
            )
        }
        values |= {
            "project": project,
            "partner": partners[rows[row["project"]]["partners"][0]],
            "subject_area": areas[row["subject_area"]],
            "period_start": period_start,
            "period_end": period_end,
            "is_published": True,
        }
        _upsert(tally, ExchangeOffer, {"slug": row["slug"]}, values)


def _load_deadlines(tally: _Tally, *, today: date, projects, rows) -> None:
    def deadline(project, kind, title, due, *, done_at=None):
        # A project has one milestone of each such kind, whatever it is called.
        if kind in Deadline.PROJECT_MILESTONE_KINDS:
            lookup, values = {"project": project, "kind": kind}, {"title": title}
        else:
            lookup, values = {"project": project, "kind": kind, "title": title}, {}
        values["due_date"] = due
        # Open deadlines leave done_at alone: one marked done while trying the demo stays so.
        if done_at:
            values |= {"done_at": done_at, "done_by": project.lead_coordinator}
        obj = _upsert(tally, Deadline, lookup, values)
        responsible = [project.lead_coordinator, *project.co_coordinators.all()]
        _sync_m2m(tally, obj, "responsible", responsible)

    for key, row in rows.items():
        project = projects[key]
        if row["status"] not in (Project.Status.RUNNING, Project.Status.CLOSED):
            continue
        final_due = project.end_date + timedelta(days=60)
        done_at = None
        if row["status"] == Project.Status.CLOSED:
            done_at = datetime.datetime.combine(
                final_due - timedelta(days=5), datetime.time(10, 0), tzinfo=AMSTERDAM
            )
        deadline(
            project, Deadline.Kind.FINAL_REPORT, FINAL_REPORT_TITLE, final_due, done_at=done_at
        )
        if project.interim_report_date:
            deadline(
                project,
                Deadline.Kind.INTERIM_REPORT,
                INTERIM_REPORT_TITLE,
                project.interim_report_date,
            )
    for key, kind, title, offset in RELATIVE_DEADLINES:
        deadline(projects[key], kind, title, today + timedelta(days=offset))


@transaction.atomic
def load_demo(*, today: date, reset: bool = False) -> dict:
    """Create the demo rows that are missing (with `reset`, also restore the demo's values of
    the existing ones); returns per-model counts and the logins."""
    tally = _Tally(reset=reset)
    seed_rates()
    units, partners, contacts = _load_institutions(tally)
    coordinator_user, logins = _load_accounts(tally)
    projects, areas, rows, line_amounts = _load_projects(
        tally,
        today=today,
        units=units,
        partners=partners,
        contacts=contacts,
        coordinator_user=coordinator_user,
    )
    _load_virtual_activity(tally, projects)
    _load_mobility(
        tally,
        today=today,
        projects=projects,
        rows=rows,
        partners=partners,
        areas=areas,
        line_amounts=line_amounts,
    )
    # Grants come from the rate tables, as for every saved mobility (unchanged ones stay).
    recalculate_grants(mobilities=Mobility.objects.filter(project__in=projects.values()))
    _load_deadlines(tally, today=today, projects=projects, rows=rows)
    participant_link = load_participant_demo(staff_username=STAFF_USERNAME)
    load_demo_agreement(today=today)
    load_applications_demo(today=today, reviewers=(STAFF_USERNAME, COORDINATOR_USERNAME))
    load_call_for_ideas(today=today, staff_username=STAFF_USERNAME, reset=reset)
    return {**tally.summary(), "logins": logins, "participant_link": participant_link}
