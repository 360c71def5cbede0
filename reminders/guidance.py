"""What each kind of deadline asks the responsible person to send or do, for its page."""

from django.utils.translation import gettext_lazy as _

from projects.models import Deadline

Kind = Deadline.Kind

WHAT_TO_SEND = {
    Kind.EXPRESSION_OF_INTEREST: _(
        "Your expression of interest in the Erasmus+ call, sent to the International "
        "Relations Office: the partner, the planned mobilities and a short description."
    ),
    Kind.CALL: _(
        "The project application, complete and submitted to the national agency before the "
        "call closes (12:00 Brussels time)."
    ),
    Kind.INTERIM_REPORT: _(
        "The interim or periodic report in the Beneficiary Module: the mobilities so far "
        "and how the grant has been used."
    ),
    Kind.PROJECT_END: _(
        "Nothing to send yet: the project's mobilities end by this date. Check that every "
        "mobility is recorded; the final report is due within 60 days."
    ),
    Kind.FINAL_REPORT: _(
        "The final report in the Beneficiary Module: every mobility with its participant "
        "report, and how the grant has been used."
    ),
    Kind.MOBILITY_AGREEMENT: _(
        "The mobility or learning agreement, signed by the participant and both "
        "institutions, before the participant leaves."
    ),
    Kind.TRANSCRIPT: _(
        "The transcript of records from the receiving institution, about five weeks after "
        "the end of the mobility."
    ),
    Kind.PARTICIPANT_REPORT: _(
        "Nothing to send yourself: the participant fills in the EU participant report at the "
        "end of the mobility. Remind them if they have not."
    ),
    Kind.REVIEW: _(
        "Your review of each application for the offer, scored and submitted in the "
        "workspace, so that the applications can be ranked."
    ),
    Kind.DECISION: _(
        "Nothing to send yourself: the office allocates the places from the ranking and sends "
        "each applicant their decision."
    ),
}


def what_to_send(deadline: Deadline) -> str:
    """The kind's description; empty for other deadlines (their notes say what is due)."""
    return str(WHAT_TO_SEND.get(deadline.kind, ""))
