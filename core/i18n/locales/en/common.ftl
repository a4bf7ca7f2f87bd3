welcome =
    Hello { $name }! 🌿
    Welcome to the help desk of the value-chain portal (medicinal and aromatic plants, grape, saffron, Damask rose).
    Here you can open a request, receive the experts' answers and follow them up.
error-generic = Sorry, something went wrong. Please try again in a moment. Your message has not been lost.
error-unavailable = The service is briefly unavailable. Please send again in a little while.
cmd-start = Start and main menu
cmd-new = Open a new ticket
cmd-tickets = My tickets
cmd-help = Help and FAQ
cmd-profile = My profile
cmd-language = Change language
