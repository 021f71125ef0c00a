"""Helpers shared by every domain's forms."""


def show_service_error(form, error):
    """Put a service's ValidationFailed message next to its field, or at the top of the form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = list(field.errors) + [error.message]
    else:
        form.form_errors.append(error.message)
