from oauth2_provider.oauth2_validators import OAuth2Validator


class ClaimsValidator(OAuth2Validator):
    """Puts the username and e-mail in the id_token and userinfo, as a municipality's provider does."""

    def get_additional_claims(self, request):
        return {
            "preferred_username": lambda r: r.user.username,
            "email": lambda r: r.user.email,
            "email_verified": lambda r: True,
        }
