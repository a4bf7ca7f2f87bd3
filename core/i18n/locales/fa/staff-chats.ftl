# issue 17: the card's SLA line, several groups per team, the delay alert, teams without a staff chat
st-card-sla = ⏱ { $items }
st-sla-item = { $kind }: { $status }
st-sla-due = { $kind }: { $status } (تا { $due })
st-sla-met = انجام شد
st-sla-failed = از دست رفت
st-sla-risk = در خطر
st-sla-running = در جریان
st-sla-paused = متوقف

chat-delay-alert =
    ⏳ گروه کارشناسان «{ $title }» { $minutes } دقیقه عقب است ({ $pending } پیام در صف).
    تلگرام به هر گروه دقیقه‌ای حدود ۲۰ پیام می‌دهد. گروه دیگری برای این تیم یا واحد بسازید (در پنل: گروه‌های کارشناسان) یا درخواست‌ها را از پنل پاسخ دهید.
chat-delay-open = گروه‌های کارشناسان در پنل

pc-new-ticket =
    🆕 درخواست تازهٔ { $ref } «{ $title }» (فقط در پنل):
    { $text }
pc-new-message =
    ✉️ پیام تازهٔ متقاضی در { $ref } «{ $title }»:
    { $text }
pc-open-panel = باز کردن در پنل

admin-notice-chat-delay = تأخیر { $minutes } دقیقه ({ $pending } پیام در صف)؛ گروه دیگری بیفزایید یا از پنل پاسخ دهید
admin-chat-queue = صف
admin-chat-delay = تأخیر
admin-chat-queue-value = { $pending } پیام
admin-chat-delay-value = { $minutes } دقیقه
admin-chat-delay-none = —
admin-chat-delay-over = بیش از حد مجاز
admin-chat-spread-help = تیم یا واحدی که چند گروه دارد، هر درخواست تازه را به گروهی می‌فرستد که صف کوتاه‌تری دارد؛ درخواست در همان گروه می‌ماند.
admin-chat-delay-alert-minutes = هشدار تأخیر گروه کارشناسان پس از (دقیقه)
admin-team-no-staff-chat = بدون گروه کارشناسان (فقط پنل؛ کارشناسان در گفت‌وگوی خصوصی باخبر می‌شوند)
