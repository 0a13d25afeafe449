"""Who may do what with API tokens."""

import rules


@rules.predicate
def may_create_api_token(user) -> bool:
    """A token acts as its owner without a second factor, so back-office roles mint one only while
    two-factor verified in this session."""
    if not user.is_authenticated:
        return False
    if not user.requires_two_factor:
        return True
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())
