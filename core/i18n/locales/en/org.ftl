# Field errors of the organisation services (core/services/org-common.ts ORG_ERROR_CODES): org-error-<code>
org-error-required = Please fill this in.
org-error-too_long = This text is too long.
org-error-too_short = This text is too short.
org-error-invalid = This value is not valid.
org-error-invalid_code = Lower-case Latin letters, digits, - and _ only (at most 24 characters).
org-error-duplicate = This value is already used.
org-error-out_of_range = The number is out of the allowed range.
org-error-not_found = The selected item was not found.
org-error-in_use = This item is in use and cannot be deleted.
org-error-invalid_phone = Enter an Iranian mobile number, e.g. 09121234567.
org-error-invalid_time = Enter times as 08:00; the start must come before the end.
org-error-invalid_date = Not a valid date; e.g. 1405/01/01 or 2026-03-21.
org-error-overlap = This interval overlaps another one on the same day.
org-error-invalid_token = Not a bot token (like 123456:ABC… from BotFather).
org-error-weak_password = This password is too simple; use more varied characters.
org-error-last_admin = At least one active admin must remain.
org-error-role = Only a supervisor or an admin can supervise a team.
org-error-already_linked = This Telegram account is linked to another account.
org-error-not_forum = This group does not have Topics enabled.
org-error-invalid_username = Username: 3–32 lower-case Latin letters, digits, dots, dashes or underscores.
org-error-invalid_time_zone = Unknown time zone (e.g. Asia/Tehran).
org-error-unknown_field = This field is not accepted.
org-error-no_working_time = A calendar without working hours is refused; give at least one weekday working hours.
# One-time codes (InvalidCodeError.reason)
org-code-unknown = This code is not known. Please check it.
org-code-expired = This code has expired. Please get a new one.
org-code-used = This code has been used already.
