# Messages that could not reach a requester (core/notify/undelivered.ts) and the panel's mark (admin/views/ticket.tsx)
dl-undelivered-staff =
    ⚠️ Not delivered to the requester ({ $why }): { $count } message(s) did not arrive. They will be sent when the requester writes to the bot again or unblocks it.
dl-why-blocked = the bot is blocked
dl-why-gone = the account or chat is gone
dl-redelivered-staff = ✅ The requester is reachable again; the { $count } message(s) that had not arrived were sent now.
dl-missed-intro =
    📬 While the bot could not reach you, { $count } message(s) were sent to you that did not arrive. Here they are.
dl-panel-undelivered = Not delivered: the requester cannot be reached; it will be sent when they return
