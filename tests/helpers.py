def error_codes(response, form_key: str = "form") -> dict[str, list[str]]:
    """The validation error codes of the form re-rendered in a response, by field."""
    form = response.context[form_key]
    return {field: [error.code for error in errors] for field, errors in form.errors.as_data().items()}


def record_transition(referral, to_status: str, day) -> None:
    """A referral's move to `to_status` on `day`, as the indicators read it (from a draft, by its author)."""
    from cases.models import ReferralTransition

    ReferralTransition.objects.create(
        referral=referral, from_status="draft", to_status=to_status, occurred_on=day, actor=referral.created_by
    )
