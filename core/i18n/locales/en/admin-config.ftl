# The web admin panel (admin/): configuration pages, requesters and audit (the rest is in admin.ftl)

# catalogue
admin-catalogue = Catalogue
admin-catalogue-help = Value chains, departments and subjects the bot offers to users.
admin-value-chain-add = Add a value chain
admin-department-add = Add a department
admin-subjects = Subjects
admin-subject-add = Add a subject
admin-subject-code = Code (Latin)
admin-subject-name-fa = Persian name
admin-subject-name-en = English name
admin-subject-team = Answering team
admin-subject-team-department = The department's team
admin-subject-active = Active
admin-subject-inactive = Inactive
admin-team-answers = Answering team
admin-default-priority = Default priority
admin-sla-policy = SLA policy
admin-sla-policy-match = Chosen automatically
admin-faq = Frequently asked questions
admin-faq-add = Add a question
admin-faq-count = { $count } questions
admin-faq-question-fa = Question (Persian)
admin-faq-answer-fa = Answer (Persian)
admin-faq-question-en = Question (English)
admin-faq-answer-en = Answer (English)

# teams
admin-teams = Teams
admin-teams-help = Members, visibility, assignment mode and auto-close.
admin-team-add = Add a team
admin-team-alias = Name shown to requesters
admin-team-alias-hint = Requesters see this when "team name instead of the agent's" is on.
admin-team-settings = Team settings
admin-team-visibility = Visibility
admin-visibility-all = All agents
admin-visibility-invited = Members only
admin-team-assignment = Assignment mode
admin-assignment-manual = Manual
admin-assignment-round_robin = Round-robin
admin-assignment-balanced = Balanced (fewest open tickets)
admin-team-sla-warning = Warn before a deadline (working minutes)
admin-calendar = Working calendar
admin-calendar-default = The default calendar
admin-calendar-team = The team's calendar
admin-autoclose = Auto-close
admin-autoclose-enabled = Auto-close is on
admin-autoclose-days = After how many idle days
admin-finish-after = Finished after how many days
admin-customer-close = Requesters may close their own tickets
admin-members = Members
admin-member-settings = Membership
admin-member-active = In automatic assignment
admin-member-add = Add a member
admin-staff-member = Staff member
admin-supervisor = Supervisor
admin-chats-of-team = This team's Telegram groups

# staff chats
admin-chats = Staff groups
admin-chats-help = Telegram groups bound to a team or department, and their bind codes.
admin-chat-title = Group
admin-chat-bound = Bound to
admin-chat-unbound = Not bound
admin-chat-layout = Layout
admin-chat-status = Bot status
admin-chat-status-active = Active
admin-chat-status-not_admin = Bot is not an administrator
admin-chat-status-bot_removed = Bot removed
admin-layout-forum = One topic per ticket
admin-layout-plain = Cards in a plain group
admin-layout-auto = Automatic (by the group)
admin-unbind = Unbind
admin-bind-new = Bind a new group
admin-bind-one = Choose either a team or a department.
admin-bind-issue = Get a bind code
admin-bind-code = Bind code (valid 30 minutes): { $code }
admin-bind-help = Add the bot to the group, make it an administrator and send this command in the group.

# staff accounts
admin-staff = Staff accounts
admin-staff-help = Invite, roles, teams, Telegram link and deactivation.
admin-staff-add = Invite a staff member
admin-last-login = Last sign-in
admin-daily-goal = Daily goal (tickets closed)
admin-daily-goal-hint = Empty: the default.
admin-satisfied-goal = Target of satisfied ratings (4–5), %
admin-sla-success-goal = Target of SLA success (closed without a failed target), %
admin-deactivate = Deactivate the account
admin-activate = Activate the account

# SLA and calendars
admin-sla-policies = SLA policies
admin-sla-help = First response and resolution targets in working minutes; the first matching policy (by order) applies.
admin-sla-add = Add a policy
admin-any-team = Any team
admin-any-subject = Any subject
admin-any-priority = Any priority
admin-min-priority = Minimum priority
admin-first-response-minutes = First response (working minutes)
admin-resolution-minutes = Resolution (working minutes)
admin-ceiling-minutes = Ceiling (wall-clock minutes)
admin-ceiling-hint = The longest wall-clock time, e.g. 1440 for 24 hours.
admin-calendars = Working calendars
admin-calendars-help = Weekly working hours, holidays and closures with Jalali dates.
admin-calendar-add = Add a calendar
admin-calendar-exceptions = Holidays and special days
admin-calendar-make-default = Make this the default calendar
admin-time-zone = Time zone
admin-weekly-hours = Weekly working hours
admin-weekly-hint = For each day write ranges like 08:00-12:00, 13:00-16:00; empty means a day off.
admin-weekday-0 = Sunday
admin-weekday-1 = Monday
admin-weekday-2 = Tuesday
admin-weekday-3 = Wednesday
admin-weekday-4 = Thursday
admin-weekday-5 = Friday
admin-weekday-6 = Saturday
admin-exception-add = Add a special day
admin-exception-kind = Kind
admin-exception-holiday = Public holiday
admin-exception-closure = Office closure
admin-exception-short_day = Short day
admin-exception-extra_working_day = Extra working day
admin-exception-hours-hint = For a short day or an extra working day, e.g. 08:00-12:00.
admin-import-year = Import a year's list
admin-import-lines = List (one day per line)
admin-import-hint = Example: 1405/01/01 holiday Nowruz — or: 1405/01/15 short 08:00-12:00
admin-import = Import
admin-import-line = Line { $line }
admin-imported = Imported: { $created } new, { $updated } updated, { $unchanged } unchanged.

# canned replies
admin-canned = Canned replies
admin-canned-help = Ready texts for quick answers in the panel and the groups.
admin-canned-add = Add a canned reply
admin-canned-shortcut = Shortcut
admin-canned-title = Title
admin-canned-body = Text
admin-every-team = Every team

# member types and settings
admin-member-types = Member types
admin-member-types-help = Farmer, trader, expert, … chosen by users when they register.
admin-member-type = Member type
admin-member-type-add = Add a member type
admin-member-type-staff = Staff (may address a colleague)
admin-settings = General settings
admin-content-rule = Writing rule
admin-content-rule-help = Tickets written only in Latin letters (Finglish) or full of ??? and !!!.
admin-content-rule-allow = Accept
admin-content-rule-rewrite = Ask the user to rewrite
admin-content-rule-cancel = Cancel the ticket automatically
admin-max-open = Most open tickets per requester
admin-agent-name-mode = Name requesters see
admin-agent-name-agent = The agent's name
admin-agent-name-team = The team's name
admin-mask-phone = Mask requesters' phone numbers for agents
admin-intake-timeout = An unfinished bot conversation is dropped after (minutes)
admin-rate = Most messages a requester may send a minute
admin-default-language = Default language
admin-at-risk-minutes = "At risk" this many minutes before a deadline

# bot
admin-bot = Telegram bot
admin-bot-help = Token, connection test and how updates are received.
admin-bot-token = Bot token
admin-bot-token-env = From the BOT_TOKEN environment variable
admin-bot-token-stored = Stored (encrypted)
admin-bot-token-none = Not set
admin-bot-token-env-note = The environment's token takes precedence over the stored one.
admin-bot-token-hint = From BotFather, like 123456:ABC…; kept encrypted.
admin-bot-token-set = Store the token
admin-bot-token-remove = Remove the stored token
admin-bot-username = Bot username
admin-bot-test = Test the connection
admin-bot-test-ok = Connected: @{ $username } ({ $name })
admin-bot-test-failed = Could not connect: { $error }
admin-bot-test-none = There is no token to test.
admin-bot-mode = How updates are received
admin-bot-mode-env = From the BOT_MODE environment variable
admin-bot-mode-polling = Long polling
admin-bot-mode-webhook = Webhook
admin-bot-mode-hint = Takes effect when the service restarts.

# requesters
admin-requester-search = Search (phone, name, @username, id)
admin-blocked = Blocked
admin-not-blocked = Not blocked
admin-block = Block
admin-unblock = Unblock
admin-registered = Registered
admin-reachable = Reachable on Telegram

# audit
admin-audit-config = Configuration changes
admin-audit-tickets = Ticket actions
admin-audit-entity = Section
admin-audit-kind = Event kind
admin-audit-action = Action
admin-audit-staff = By
admin-audit-what = Subject
admin-audit-change = Change
admin-entity-settings = Settings
admin-entity-value_chain = Value chain
admin-entity-department = Department
admin-entity-subject = Subject
admin-entity-faq = FAQ entry
admin-entity-member_type = Member type
admin-entity-team = Team
admin-entity-staff = Staff account
admin-entity-staff_chat = Staff group
admin-entity-calendar = Calendar
admin-entity-sla_policy = SLA policy
admin-entity-canned_reply = Canned reply
admin-entity-requester = Requester
