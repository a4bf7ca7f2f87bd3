# issue 17: the card's SLA line, several groups per team, the delay alert, teams without a staff chat
st-card-sla = ⏱ { $items }
st-sla-item = { $kind }: { $status }
st-sla-due = { $kind }: { $status } (due { $due })
st-sla-met = met
st-sla-failed = failed
st-sla-risk = at risk
st-sla-running = running
st-sla-paused = paused

chat-delay-alert =
    ⏳ The staff group “{ $title }” is { $minutes } minutes behind ({ $pending } messages queued).
    Telegram lets a bot post about 20 messages a minute into a group. Add another group for this team or department (panel: Staff chats), or answer from the panel.
chat-delay-open = Staff chats in the panel

pc-new-ticket =
    🆕 New ticket { $ref } “{ $title }” (panel only):
    { $text }
pc-new-message =
    ✉️ New requester message on { $ref } “{ $title }”:
    { $text }
pc-open-panel = Open in the panel

admin-notice-chat-delay = { $minutes } minutes behind ({ $pending } messages queued); add a group or answer from the panel
admin-chat-queue = Queue
admin-chat-delay = Delay
admin-chat-queue-value = { $pending } messages
admin-chat-delay-value = { $minutes } min
admin-chat-delay-none = —
admin-chat-delay-over = over the limit
admin-chat-spread-help = A team or department with several groups sends each new ticket to the group with the shortest queue; the ticket stays in that group.
admin-chat-delay-alert-minutes = Staff chat delay alert after (minutes)
admin-team-no-staff-chat = No staff chat (panel only; agents are told in their private chat)
