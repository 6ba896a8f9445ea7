"""Discord's message limits, checked the way its API does: 400 with code 50035 when broken."""

from __future__ import annotations

from typing import Any


def length(text: str) -> int:
    # UTF-16 code units: never less than Discord's own count, so passing here passes there.
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _too_long(errors: dict[str, Any], where: str, value: Any, limit: int) -> int:
    if not isinstance(value, str):
        return 0
    if length(value) > limit:
        errors[where] = {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH",
                                      "message": f"Must be {limit} or fewer in length."}]}
    return length(value)


def message_errors(payload: dict[str, Any]) -> dict[str, Any]:
    """The `errors` object Discord would return for this message payload; empty when valid."""
    errors: dict[str, Any] = {}
    _too_long(errors, "content", payload.get("content"), 2000)
    embeds = payload.get("embeds") or []
    if len(embeds) > 10:
        errors["embeds"] = {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH",
                                         "message": "Must be 10 or fewer in length."}]}
    total = 0
    for i, embed in enumerate(embeds):
        where = f"embeds.{i}"
        total += _too_long(errors, f"{where}.title", embed.get("title"), 256)
        total += _too_long(errors, f"{where}.description", embed.get("description"), 4096)
        total += _too_long(errors, f"{where}.footer.text", (embed.get("footer") or {}).get("text"),
                           2048)
        total += _too_long(errors, f"{where}.author.name", (embed.get("author") or {}).get("name"),
                           256)
        fields = embed.get("fields") or []
        if len(fields) > 25:
            errors[f"{where}.fields"] = {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH",
                                                      "message": "Must be 25 or fewer in length."}]}
        for j, field in enumerate(fields):
            total += _too_long(errors, f"{where}.fields.{j}.name", field.get("name"), 256)
            total += _too_long(errors, f"{where}.fields.{j}.value", field.get("value"), 1024)
            if not field.get("name") or not field.get("value"):
                errors[f"{where}.fields.{j}"] = {"_errors": [{"code": "BASE_TYPE_REQUIRED",
                                                              "message": "This field is required"}]}
    if total > 6000:
        errors["embeds"] = {"_errors": [{"code": "MAX_EMBED_SIZE_EXCEEDED",
                                         "message": "Embed size exceeds maximum size of 6000"}]}
    return errors


def invalid_form_body(errors: dict[str, Any]) -> dict[str, Any]:
    """Discord's 400 body for a payload that breaks its limits."""
    return {"message": "Invalid Form Body", "code": 50035, "errors": errors}
