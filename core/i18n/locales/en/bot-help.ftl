# Help, FAQ browsing and requests to a colleague.
help-text =
    ❓ <b>Help</b>
    • “New ticket”: choose the value chain, the department and the subject, then describe your request. You get a ticket number.
    • The experts' answers arrive in this chat. To add something, reply to any message of the ticket.
    • “My tickets”: the status and latest messages of each ticket.
    • When an expert solves your request, tell us whether it is solved and rate the answer.
    Many questions are already answered in the FAQ:
btn-browse-faq = 📚 Browse the FAQ
faq-choose-chain = 📚 FAQ — choose a value chain:
faq-choose-department = 📚 FAQ — choose a department:
faq-choose-subject = 📚 FAQ — choose a subject:
faq-none = There are no questions and answers for this subject yet. You can open a ticket.
colleague-staff-only = Requests to a colleague are for staff members only.
colleague-ask-recipient = 🤝 <b>Request to a colleague</b> — who should receive it? (You can type part of a name to filter the list.)
colleague-none-found = Nobody matches “{ $query }”. Here is the whole list again.
colleague-ask-type = What kind of request is it?
request-type-question = Question
request-type-task = Task
request-type-information = Information
request-type-approval = Approval
colleague-ask-description = Describe your request to { $name } (at least { $min } characters). Text, or a file with a caption.
colleague-created = ✅ Your request <b>#{ $number }</b> was sent to { $name }: «{ $text }»
colleague-failed = The request could not be sent. Please try again later.
