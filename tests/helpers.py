def error_codes(response, form_key: str = "form") -> dict[str, list[str]]:
    """The validation error codes of the form re-rendered in a response, by field."""
    form = response.context[form_key]
    return {field: [error.code for error in errors] for field, errors in form.errors.as_data().items()}
