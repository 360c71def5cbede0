# ruff: noqa: E501 (the texts keep the lines staff see when they edit them)
"""The documents' first texts, in English and Dutch, which staff edit afterwards; a data
migration and the tests (which run without migrations) seed them."""

GRANT_AGREEMENT_EN = """<p>Between the university, represented by the International Relations Office, and
<strong>{{ participant_name }}</strong> ({{ participant_email }}), the participant.</p>
<h2>The mobility</h2>
<p>{{ activity }} ({{ direction }}) at {{ partner_name }}, {{ partner_country }}, under the
Erasmus+ project {{ project_title }}{% if grant_agreement_number %} (grant agreement
{{ grant_agreement_number }}){% endif %}, from {{ start }} to {{ end }}.</p>
<h2>The grant</h2>
<p>Individual support {{ individual_support }}, travel support {{ travel_support }}:
<strong>in total {{ total_grant }}</strong>.</p>
{{ breakdown }}
<h2>Payments</h2>
<p>{{ prefinancing_percent }} % of the grant is paid when this agreement is signed; the rest
after the participant report, on the actual dates of the stay.</p>
{{ payment_schedule }}
<h2>Conditions</h2>
<ol>
<li>The participant carries out the mobility as agreed and tells the office at once of any
change of dates.</li>
<li>The grant is recalculated on the actual dates shown by the certificate of attendance. If
the stay is shorter, the participant pays back what was paid in excess.</li>
<li>The participant submits the participant report within 30 days after the mobility.</li>
<li>The participant has insurance for the whole stay.</li>
</ol>
<p class="signature">Signed on ______________ by the participant: ______________________</p>
<p>Date of issue: {{ today }}</p>
"""

GRANT_AGREEMENT_NL = """<p>Tussen de universiteit, vertegenwoordigd door het International Relations Office, en
<strong>{{ participant_name }}</strong> ({{ participant_email }}), de deelnemer.</p>
<h2>De mobiliteit</h2>
<p>{{ activity }} ({{ direction }}) bij {{ partner_name }}, {{ partner_country }}, binnen het
Erasmus+-project {{ project_title }}{% if grant_agreement_number %} (subsidieovereenkomst
{{ grant_agreement_number }}){% endif %}, van {{ start }} tot en met {{ end }}.</p>
<h2>De beurs</h2>
<p>Individuele steun {{ individual_support }}, reiskosten {{ travel_support }}:
<strong>in totaal {{ total_grant }}</strong>.</p>
{{ breakdown }}
<h2>Betalingen</h2>
<p>{{ prefinancing_percent }} % van de beurs wordt betaald wanneer deze overeenkomst is
ondertekend; de rest na het deelnemersverslag, op de werkelijke data van het verblijf.</p>
{{ payment_schedule }}
<h2>Voorwaarden</h2>
<ol>
<li>De deelnemer voert de mobiliteit uit zoals afgesproken en meldt elke wijziging van de
data direct aan het bureau.</li>
<li>De beurs wordt herberekend op de werkelijke data volgens de verklaring van aanwezigheid.
Is het verblijf korter, dan betaalt de deelnemer het te veel betaalde terug.</li>
<li>De deelnemer levert het deelnemersverslag in binnen 30 dagen na de mobiliteit.</li>
<li>De deelnemer is verzekerd voor het hele verblijf.</li>
</ol>
<p class="signature">Ondertekend op ______________ door de deelnemer: ______________________</p>
<p>Datum van afgifte: {{ today }}</p>
"""

MOBILITY_AGREEMENT_EN = """<p>Staff member: <strong>{{ participant_name }}</strong> ({{ participant_email }})</p>
<p>Activity: {{ activity }} at {{ partner_name }}, {{ partner_country }}</p>
<p>Project: {{ project_title }}</p>
<p>Planned period: {{ planned_start }} to {{ planned_end }}, with {{ travel_days }} travel days.</p>
<h2>Programme</h2>
<p>The objectives, the activities and the expected outcomes are agreed between the staff
member, the sending and the receiving institution.</p>
<p class="signature">Staff member: ____________ Sending institution: ____________ Receiving institution: ____________</p>
"""

MOBILITY_AGREEMENT_NL = """<p>Medewerker: <strong>{{ participant_name }}</strong> ({{ participant_email }})</p>
<p>Activiteit: {{ activity }} bij {{ partner_name }}, {{ partner_country }}</p>
<p>Project: {{ project_title }}</p>
<p>Geplande periode: {{ planned_start }} tot en met {{ planned_end }}, met {{ travel_days }} reisdagen.</p>
<h2>Programma</h2>
<p>De doelen, de activiteiten en de verwachte resultaten zijn afgesproken tussen de
medewerker, de zendende en de ontvangende instelling.</p>
<p class="signature">Medewerker: ____________ Zendende instelling: ____________ Ontvangende instelling: ____________</p>
"""

LEARNING_AGREEMENT_EN = """<p>Student: <strong>{{ participant_name }}</strong> ({{ participant_email }})</p>
<p>Activity: {{ activity }} at {{ partner_name }}, {{ partner_country }}</p>
<p>Project: {{ project_title }}</p>
<p>Planned period: {{ planned_start }} to {{ planned_end }}.</p>
<p>This is a summary. The full learning agreement, with the components to be followed and
their recognition, is signed by the student and both institutions.</p>
"""

LEARNING_AGREEMENT_NL = """<p>Student: <strong>{{ participant_name }}</strong> ({{ participant_email }})</p>
<p>Activiteit: {{ activity }} bij {{ partner_name }}, {{ partner_country }}</p>
<p>Project: {{ project_title }}</p>
<p>Geplande periode: {{ planned_start }} tot en met {{ planned_end }}.</p>
<p>Dit is een samenvatting. De volledige learning agreement, met de te volgen onderdelen en
hun erkenning, wordt ondertekend door de student en beide instellingen.</p>
"""

CERTIFICATE_EN = """<p>The receiving institution, {{ partner_name }} ({{ partner_country }}), confirms that
<strong>{{ participant_name }}</strong> took part in an Erasmus+ mobility ({{ activity }})
under the project {{ project_title }}:</p>
<p>First day: ______________ &nbsp; Last day: ______________</p>
<p>(planned: {{ planned_start }} to {{ planned_end }})</p>
<p class="signature">Name, function, signature and stamp of the receiving institution:</p>
<p>______________________________________________</p>
"""

CERTIFICATE_NL = """<p>De ontvangende instelling, {{ partner_name }} ({{ partner_country }}), verklaart dat
<strong>{{ participant_name }}</strong> heeft deelgenomen aan een Erasmus+-mobiliteit
({{ activity }}) binnen het project {{ project_title }}:</p>
<p>Eerste dag: ______________ &nbsp; Laatste dag: ______________</p>
<p>(gepland: {{ planned_start }} tot en met {{ planned_end }})</p>
<p class="signature">Naam, functie, handtekening en stempel van de ontvangende instelling:</p>
<p>______________________________________________</p>
"""

DEFAULTS = [
    ("grant-agreement", "en", "Erasmus+ grant agreement", GRANT_AGREEMENT_EN),
    ("grant-agreement", "nl", "Erasmus+-subsidieovereenkomst", GRANT_AGREEMENT_NL),
    ("mobility-agreement", "en", "Mobility agreement for staff", MOBILITY_AGREEMENT_EN),
    ("mobility-agreement", "nl", "Mobiliteitsovereenkomst voor medewerkers", MOBILITY_AGREEMENT_NL),
    ("learning-agreement", "en", "Learning agreement summary", LEARNING_AGREEMENT_EN),
    ("learning-agreement", "nl", "Samenvatting van de learning agreement", LEARNING_AGREEMENT_NL),
    ("certificate-of-attendance", "en", "Certificate of attendance", CERTIFICATE_EN),
    ("certificate-of-attendance", "nl", "Verklaring van aanwezigheid", CERTIFICATE_NL),
]


def seed_document_templates(*, apps=None) -> int:
    """Add the default text of every kind and language that has none; returns how many."""
    if apps is None:
        from documents.models import DocumentTemplate
    else:
        DocumentTemplate = apps.get_model("documents", "DocumentTemplate")
    added = 0
    for kind, language, title, body in DEFAULTS:
        _template, created = DocumentTemplate.objects.get_or_create(
            kind=kind, language=language, defaults={"title": title, "body": body}
        )
        added += created
    return added
