"""Registering with the venue's join code, recovering an account with an organizer's code, and
revoking one's token."""

from __future__ import annotations

import hashlib
from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from nuittui.models import RecoverRequest, RegisterRequest, RegisterResponse, UserPublic

from ..accounts import new_token, recovery_digest, token_digest
from ..deps import IdempotencyKey, LimitsDep, StoreDep, WriteCtx, answer, body_sha256, client_ip
from ..errors import ApiError, problems

router = APIRouter(prefix="/auth", tags=["auth"])


def _limited(wait: float) -> ApiError:
    seconds = str(int(wait))
    return ApiError(429, f"too many attempts; retry in {seconds} s", headers={"Retry-After": seconds})


@router.post(
    "/register",
    status_code=201,
    response_model=RegisterResponse,
    responses=problems(403, 409, 413, 422, 429),
    summary="Register with the venue's join code; the answer holds your token, shown only once",
)
def register(
    body: RegisterRequest,
    request: Request,
    store: StoreDep,
    limits: LimitsDep,
    key: IdempotencyKey = None,
    body_digest: Annotated[str, Depends(body_sha256)] = "",
) -> Response:
    """Create a participant. With an Idempotency-Key, a retry of the same body within an hour (its
    answer was lost) gets a new token for the account the first attempt made, not 409.

    Every request counts against its address's registration budget (generous: a venue shares
    one address). Wrong codes are limited per (handle, address): past that budget the handle is
    refused from that address before its code is checked, so guessing the code for one handle
    stops there. They are also limited per address, with a larger budget: past it a wrong code
    is 429 instead of 403, while a right code still registers. Neighbours who mistype never lock
    the others out.
    """
    ip = client_ip(request)
    handle_key = f"{ip} {body.handle}"  # handles hold no space
    wait = limits.registrations.take(ip) or limits.bad_codes_by_handle.blocked(handle_key)
    if wait is not None:
        raise _limited(wait)
    token = new_token()
    try:
        result = store.register(
            code=body.join_code,
            handle=body.handle,
            display_name=body.display_name,
            city=body.city,
            skills=body.skills,
            token_digest=token_digest(token),
            key_sha256=hashlib.sha256(key.encode()).hexdigest() if key is not None else None,
            body_sha256=body_digest,
        )
    except ApiError as exc:
        if exc.status == 403:  # a wrong code
            by_handle = limits.bad_codes_by_handle.take(handle_key)
            by_address = limits.bad_codes.take(ip)
            wait = max(by_handle or 0, by_address or 0)
            if wait:
                raise _limited(wait) from None
        raise
    assert isinstance(result.value, UserPublic)
    response = RegisterResponse(token=token, user=result.value)
    return Response(
        content=orjson.dumps(response.model_dump(mode="json")), status_code=201, media_type="application/json"
    )


@router.post(
    "/recover",
    status_code=201,
    response_model=RegisterResponse,
    responses=problems(403, 413, 422, 429),
    summary="Trade a recovery code from an organizer for a new token (shown only once)",
)
def recover(
    body: RecoverRequest,
    request: Request,
    store: StoreDep,
    limits: LimitsDep,
    key: IdempotencyKey = None,
    body_digest: Annotated[str, Depends(body_sha256)] = "",
) -> Response:
    """The answer is register's: a new token and the person. 403 for a wrong, used or expired code.

    Limited like join codes: every request counts against the address's budget; wrong codes per
    (handle, address) (5, then one a minute: then 429 before the code is checked) and per address.
    On the server side, ten wrong codes for one person burn their live code, whatever the address.
    With an Idempotency-Key, a retry of the same body within an hour (its answer was lost) gets a
    new token for that person rather than 403.
    """
    ip = client_ip(request)
    handle_key = f"recover {ip} {body.handle}"  # its own buckets: apart from join codes for that handle
    wait = limits.registrations.take(ip) or limits.bad_codes_by_handle.blocked(handle_key)
    if wait is not None:
        raise _limited(wait)
    token = new_token()
    try:
        user = store.redeem_recovery(
            handle=body.handle,
            digest=recovery_digest(body.code),
            token_digest=token_digest(token),
            key_sha256=hashlib.sha256(key.encode()).hexdigest() if key is not None else None,
            body_sha256=body_digest,
        )
    except ApiError as exc:
        if exc.status == 403:
            by_handle = limits.bad_codes_by_handle.take(handle_key)
            by_address = limits.bad_codes.take(ip)
            wait = max(by_handle or 0, by_address or 0)
            if wait:
                raise _limited(wait) from None
        raise
    response = RegisterResponse(token=token, user=user)
    return Response(
        content=orjson.dumps(response.model_dump(mode="json")), status_code=201, media_type="application/json"
    )


@router.post(
    "/revoke",
    status_code=204,
    responses=problems(401, 413, 422, 429),
    summary="Revoke the token of this request",
)
def revoke(ctx: WriteCtx, request: Request, store: StoreDep) -> Response:
    """Forget the caller's token; it answers 401 from now on."""
    return answer(store.revoke(ctx, request.state.token_digest))
