"""``nuit-tui login URL --code … --handle …`` (or ``--token``, or ``--recover``) and ``nuit-tui logout``."""

from __future__ import annotations

import argparse
import asyncio

from nuittui.client import CityClient, ClientError, Rejected
from nuittui.i18n import _
from nuittui.models import UserPublic
from nuittui.profiles import (
    CredentialsError,
    ProfileError,
    check_api_url,
    check_profile_name,
    delete_profile,
    load_config,
    name_from_url,
    resolve_profile,
    save_profile,
    save_token,
    token_store,
)
from nuittui.sync import SyncEngine, SyncError, fetch_event, register
from nuittui.sync.signin import check_token, redeem_recovery

from ..output import err, one_line, out

__all__ = ["login", "logout"]

FIRST_SYNC = 60.0


def login(args: argparse.Namespace) -> int:
    """Register with the join code, save the profile and its token, then sync once."""
    return asyncio.run(_login(args))


def _check_profile(name: str, api_url: str, handle: str) -> None:
    """Refuse to reuse a profile of another server, or one holding another person's unsent writes."""
    existing = load_config().profiles.get(name)
    if existing is None:
        return
    if existing.api_url != api_url:
        raise ProfileError(
            _(
                "profile {name} is for {url}: choose another name with --profile NAME",
                name=name,
                url=existing.api_url,
            )
        )
    if existing.handle and existing.handle != handle.strip().lower():
        resolved = resolve_profile(name)
        from nuittui.cache import Outbox

        waiting = Outbox.in_folder(resolved.data_dir).pending_count()
        if waiting:
            raise ProfileError(
                _(
                    "profile {name} still has {count} unsent writes of {handle}: "
                    "run `nuit-tui sync` first, or use --profile NAME",
                    name=name,
                    count=waiting,
                    handle=existing.handle,
                )
            )


async def _login(args: argparse.Namespace) -> int:
    api_url = check_api_url(args.url)
    token_store()  # before registering: the server shows the token only once
    name = check_profile_name(args.profile) if args.profile else name_from_url(api_url)
    if args.token is not None:
        user = await check_token(api_url, args.token)
        _check_profile(name, api_url, user.handle)
        return await _save_and_sync(name, api_url, user, args.token)
    if not args.handle:
        raise ProfileError(_("--handle is needed with --code or --recover"))
    _check_profile(name, api_url, args.handle)
    if args.recover is not None:
        answer = await redeem_recovery(api_url, args.handle, args.recover)
        return await _save_and_sync(name, api_url, answer.user, answer.token)
    skills = [skill.strip() for skill in args.skills.split(",") if skill.strip()]
    try:
        answer = await register(api_url, args.code, args.handle, args.name, args.city, skills)
    except Rejected:
        if args.city:
            ids = [c.id for c in (await fetch_event(api_url)).cities]
            if args.city not in ids:
                raise SyncError(
                    _(
                        "unknown city {city}: this event's cities are {cities}",
                        city=args.city,
                        cities=", ".join(ids),
                    )
                ) from None
        raise
    return await _save_and_sync(name, api_url, answer.user, answer.token)


async def _save_and_sync(name: str, api_url: str, user: UserPublic, token: str) -> int:
    """Save the profile and its token, sync once, and say who is logged in."""
    name = save_profile(name, api_url, handle=user.handle, city=user.city)
    save_token(name, token)
    engine = SyncEngine.from_profile(resolve_profile(name))
    try:
        await asyncio.wait_for(engine.sync_once(), FIRST_SYNC)
    except (ClientError, TimeoutError):
        err(_("logged in, but the first sync did not finish: run `nuit-tui sync`"))
    finally:
        await engine.aclose()
    cities = engine.city_names()
    out(
        _(
            "logged in as {name} ({handle}) in {city}, profile {profile}",
            name=one_line(user.display_name, 64),
            handle=user.handle,
            city=cities.get(user.city, user.city),
            profile=name,
        )
    )
    return 0


def logout(args: argparse.Namespace) -> int:
    """Revoke the token on the server when it answers, then delete it here (the cache stays)."""
    return asyncio.run(_logout(args))


async def _logout(args: argparse.Namespace) -> int:
    profile = resolve_profile(getattr(args, "profile", None))
    try:
        token = profile.token
    except CredentialsError:
        token = None  # an unsafe credentials file: delete the token without using it
    if token:
        try:
            async with CityClient(base_url=profile.api_url, token=token, timeout=5.0) as client:
                await client.revoke()
        except ClientError as error:
            err(_("the server did not revoke the token ({reason}); it is deleted here", reason=error.message))
    delete_profile(profile.name)
    out(_("logged out of {name}", name=profile.name))
    return 0
