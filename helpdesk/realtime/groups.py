"""Channel-layer groups: staff hear every event, a requester only their own tickets'."""

STAFF = "staff"


def user_group(user_id: int) -> str:
    return f"user-{user_id}"
