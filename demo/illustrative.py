"""The demo's illustrative projects: examples, not descriptions of real projects.

The announcement of the KA171 2022 call round (seed 003) names thirteen projects but
describes three; the other ten are made up here, one with a university in each country the
announcement names and the three described projects do not. The follow-ups of three seed
partnerships in the current call give the demo its running projects (open offers,
mobilities and deadlines around today). Coordinators and partner identifiers are fictional.
"""

from datetime import date
from decimal import Decimal

from mobility.models import Activity, Direction

# Identifiers (PIC, OID) are plausible demo values, not the partners' real ones.
PARTNERS = {
    "ysu": {
        "name": "Yerevan State University",
        "name_local": "Երևանի պետական համալսարան",
        "country": "AM",
        "city": "Yerevan",
        "latitude": Decimal("40.1811"),
        "longitude": Decimal("44.5136"),
        "website": "https://www.ysu.am",
        "schac_code": "ysu.am",
        "pic": "",
        "oid": "E10301844",
    },
    "ibadan": {
        "name": "University of Ibadan",
        "name_local": "",
        "country": "NG",
        "city": "Ibadan",
        "latitude": Decimal("7.4443"),
        "longitude": Decimal("3.8995"),
        "website": "https://www.ui.edu.ng",
        "schac_code": "ui.edu.ng",
        "pic": "",
        "oid": "E10302217",
    },
    "uniandes": {
        "name": "University of the Andes",
        "name_local": "Universidad de los Andes",
        "country": "CO",
        "city": "Bogotá",
        "latitude": Decimal("4.6015"),
        "longitude": Decimal("-74.0661"),
        "website": "https://uniandes.edu.co",
        "schac_code": "uniandes.edu.co",
        "pic": "",
        "oid": "E10303561",
    },
    "huji": {
        "name": "Hebrew University of Jerusalem",
        "name_local": "האוניברסיטה העברית בירושלים",
        "country": "IL",
        "city": "Jerusalem",
        "latitude": Decimal("31.7944"),
        "longitude": Decimal("35.2420"),
        "website": "https://en.huji.ac.il",
        "schac_code": "huji.ac.il",
        "pic": "",
        "oid": "E10304398",
    },
    "aub": {
        "name": "American University of Beirut",
        "name_local": "الجامعة الأميركية في بيروت",
        "country": "LB",
        "city": "Beirut",
        "latitude": Decimal("33.9008"),
        "longitude": Decimal("35.4806"),
        "website": "https://www.aub.edu.lb",
        "schac_code": "aub.edu.lb",
        "pic": "",
        "oid": "E10305172",
    },
    "um5": {
        "name": "Mohammed V University in Rabat",
        "name_local": "Université Mohammed V de Rabat",
        "country": "MA",
        "city": "Rabat",
        "latitude": Decimal("34.0132"),
        "longitude": Decimal("-6.8326"),
        "website": "https://www.um5.ac.ma",
        "schac_code": "um5.ac.ma",
        "pic": "",
        "oid": "E10306629",
    },
    "fudan": {
        "name": "Fudan University",
        "name_local": "复旦大学",
        "country": "CN",
        "city": "Shanghai",
        "latitude": Decimal("31.2990"),
        "longitude": Decimal("121.5000"),
        "website": "https://www.fudan.edu.cn",
        "schac_code": "fudan.edu.cn",
        "pic": "",
        "oid": "E10307485",
    },
}

# key: (name, Dutch name, abbreviation)
UNITS = {
    "lias": ("Leiden Institute for Area Studies", "Leids Instituut voor Regiostudies", "LIAS"),
    "law": ("Leiden Law School", "Faculteit Rechtsgeleerdheid", ""),
    "lucl": ("Leiden University Centre for Linguistics", "", "LUCL"),
}

# key: (first name, last name, email, unit, language): fictional coordinators.
PEOPLE = {
    "deboer": ("Anna", "de Boer", "anna.deboer@lias.example.org", "lias", "nl"),
    "visser": ("Mark", "Visser", "mark.visser@law.example.org", "law", "nl"),
    "mulder": ("Sophie", "Mulder", "sophie.mulder@lucl.example.org", "lucl", "en"),
    "hendriks": ("Ruben", "Hendriks", "ruben.hendriks@lumc.example.org", "lumc", "nl"),
}

ROUND_2022_PERIOD = (date(2022, 8, 1), date(2025, 7, 31))


def _round_project(slug, title, title_nl, unit, lead, partner, number, areas, summary, summary_nl):
    return {
        "slug": slug,
        "title": title,
        "title_nl": title_nl,
        "call": ("KA171", 2022),
        "unit": unit,
        "lead": lead,
        "partners": (partner,),
        "period": ROUND_2022_PERIOD,
        "grant_agreement_number": f"2022-1-NL01-KA171-HED-{number:09d}",
        "subject_areas": areas,
        "summary": summary,
        "summary_nl": summary_nl,
        "is_illustrative": True,
    }


ROUND_2022_PROJECTS = {
    "ysu": _round_project(
        "lias-yerevan-state-university",
        "Caucasus studies with Yerevan State University",
        "Kaukasusstudies met Yerevan State University",
        "lias", "deboer", "ysu", 234, ("area",),
        "Master's students of Yerevan State University study a semester at the Leiden "
        "Institute for Area Studies; Leiden staff teach in Yerevan.",
        "Masterstudenten uit Jerevan studeren een semester in Leiden; Leidse staf doceert in "
        "Jerevan.",
    ),
    "ibadan": _round_project(
        "lumc-university-of-ibadan",
        "Global health research with the University of Ibadan",
        "Onderzoek naar wereldgezondheid met de University of Ibadan",
        "lumc", "hendriks", "ibadan", 235, ("infectious",),
        "Students of the University of Ibadan do three-month research traineeships at LUMC; "
        "staff of both universities visit each other to teach and train.",
        "Studenten uit Ibadan lopen drie maanden onderzoeksstage in het LUMC.",
    ),
    "uniandes": _round_project(
        "law-university-of-the-andes",
        "Transitional justice with the University of the Andes",
        "Transitional justice met de Universidad de los Andes",
        "law", "visser", "uniandes", 236, ("law",),
        "Law students of Leiden and Bogotá spend a semester at each other's faculty to study "
        "transitional justice.",
        "Rechtenstudenten uit Leiden en Bogotá studeren een semester aan elkaars faculteit.",
    ),
    "huji": _round_project(
        "lucl-hebrew-university-of-jerusalem",
        "Semitic linguistics with the Hebrew University of Jerusalem",
        "Semitische taalkunde met de Hebreeuwse Universiteit van Jeruzalem",
        "lucl", "mulder", "huji", 237, ("linguistics",),
        "Students and staff in Semitic linguistics exchange between Leiden and Jerusalem.",
        "Uitwisseling van studenten en staf in de Semitische taalkunde.",
    ),
    "aub": _round_project(
        "lias-american-university-of-beirut",
        "Middle Eastern studies with the American University of Beirut",
        "Midden-Oostenstudies met de American University of Beirut",
        "lias", "deboer", "aub", 238, ("area",),
        "Students of the American University of Beirut study a semester in Leiden; staff "
        "visit each other to teach and train.",
        "Studenten uit Beiroet studeren een semester in Leiden.",
    ),
    "um5": _round_project(
        "lucl-mohammed-v-university-in-rabat",
        "Amazigh and Arabic linguistics with Mohammed V University in Rabat",
        "Amazigh en Arabische taalkunde met de Université Mohammed V de Rabat",
        "lucl", "mulder", "um5", 239, ("linguistics",),
        "Students from Rabat study a semester at the Leiden University Centre for "
        "Linguistics; Leiden linguists teach in Rabat.",
        "Studenten uit Rabat studeren een semester taalkunde in Leiden.",
    ),
    "fudan": _round_project(
        "lias-fudan-university",
        "Chinese studies with Fudan University",
        "Chinastudies met Fudan University",
        "lias", "deboer", "fudan", 240, ("area",),
        "Students of Leiden and Fudan University study a semester at each other's university.",
        "Studenten van Leiden en Fudan studeren een semester aan elkaars universiteit.",
    ),
    "uct": _round_project(
        "lumc-university-of-cape-town",
        "Infectious disease research with the University of Cape Town",
        "Onderzoek naar infectieziekten met de University of Cape Town",
        "lumc", "hendriks", "uct", 241, ("infectious",),
        "Students of the University of Cape Town do research traineeships at LUMC; LUMC staff "
        "train in Cape Town.",
        "Studenten uit Kaapstad lopen onderzoeksstage in het LUMC.",
    ),
    "ui": _round_project(
        "lumc-university-of-indonesia",
        "Tropical medicine with the University of Indonesia",
        "Tropengeneeskunde met de Universitas Indonesia",
        "lumc", "hendriks", "ui", 242, ("immunology",),
        "Students of the University of Indonesia do research traineeships at LUMC; LUMC staff "
        "teach in Depok.",
        "Studenten van de Universitas Indonesia lopen onderzoeksstage in het LUMC.",
    ),
    "havana": _round_project(
        "lumc-university-of-havana-medical-devices",
        "Medical devices with the University of Havana",
        "Medische hulpmiddelen met de Universiteit van Havana",
        "lumc", "hendriks", "havana", 243, ("biomaterials",),
        "The collaboration of LUMC and the University of Havana extended to the institutes "
        "in Havana that make medical devices: students study in Leiden, staff visit both "
        "ways.",
        "De samenwerking met Havana uitgebreid naar instituten voor medische hulpmiddelen.",
    ),
}  # fmt: skip

# key: (English, Dutch)
SUBJECT_AREAS = {
    "area": ("Area studies", "Regiostudies"),
    "law": ("Law", "Rechten"),
    "linguistics": ("Linguistics", "Taalwetenschap"),
}

STA, STT = Activity.TEACHING, Activity.TRAINING
SMS, SMT = Activity.STUDY, Activity.TRAINEESHIP
IN, OUT = Direction.INCOMING, Direction.OUTGOING

# (project, partner, activity, direction, mobilities, days each): the amount is computed.
ROUND_2022_GRANT_LINES = (
    ("ysu", "ysu", SMS, IN, 6, 180),
    ("ysu", "ysu", STA, OUT, 2, 5),
    ("ysu", "ysu", STT, IN, 2, 10),
    ("ibadan", "ibadan", SMT, IN, 5, 90),
    ("ibadan", "ibadan", STT, IN, 3, 10),
    ("ibadan", "ibadan", STA, OUT, 2, 5),
    ("uniandes", "uniandes", SMS, IN, 5, 150),
    ("uniandes", "uniandes", SMS, OUT, 4, 150),
    ("uniandes", "uniandes", STA, OUT, 1, 5),
    ("huji", "huji", SMS, IN, 3, 150),
    ("huji", "huji", SMS, OUT, 3, 150),
    ("huji", "huji", STA, OUT, 2, 5),
    ("aub", "aub", SMS, IN, 5, 150),
    ("aub", "aub", STA, OUT, 2, 5),
    ("aub", "aub", STT, IN, 2, 10),
    ("um5", "um5", SMS, IN, 5, 180),
    ("um5", "um5", STA, OUT, 2, 5),
    ("um5", "um5", STT, IN, 2, 10),
    ("fudan", "fudan", SMS, IN, 6, 180),
    ("fudan", "fudan", SMS, OUT, 4, 180),
    ("fudan", "fudan", STA, OUT, 1, 5),
    ("uct", "uct", SMT, IN, 4, 90),
    ("uct", "uct", STT, OUT, 2, 10),
    ("ui", "ui", SMT, IN, 5, 90),
    ("ui", "ui", STA, OUT, 2, 5),
    ("havana", "havana", SMS, IN, 3, 150),
    ("havana", "havana", STA, OUT, 2, 5),
    ("havana", "havana", STT, IN, 2, 10),
)
