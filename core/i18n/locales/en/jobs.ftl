sla-kind-first_response = first response
sla-kind-resolution = resolution
sla-warn = ⏰ The { $target } deadline of ticket { $ref } (“{ $title }”) is near: { $deadline }
sla-breach = 🔴 The { $target } deadline of ticket { $ref } (“{ $title }”) has passed ({ $deadline }). The team supervisor has been told.
sla-open-ticket = Open the ticket
autoclose-reminder = Ticket { $ref } (“{ $title }”) is waiting for your answer. It will be closed if you send nothing by tomorrow; just write to continue.
