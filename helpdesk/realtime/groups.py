"""Channel-layer groups: staff hear every event, a requester only their own tickets'.

Every socket of a user is also in their account group, through which an
account change closes them all, on every process."""

STAFF = "staff"


def user_group(user_id: int) -> str:
    return f"user-{user_id}"


def account_group(user_id: int) -> str:
    return f"account-{user_id}"
