# Ticket core: what the core tells the requester (outbox), state names and error texts for both front ends.
# Variables are already escaped HTML ($name, $title, $reason); $ref is a ticket reference like #۱۰۴۲.

tk-reply-header = 💬 <b>{ $name }</b> · درخواست { $ref }
tk-btn-resolved = ✅ حل شد
tk-btn-not-resolved = ❌ حل نشد
tk-resolved-ask =
    ✅ کارشناس درخواست { $ref } را «حل‌شده» اعلام کرد.
    <i>{ $title }</i>
    آیا مشکل شما برطرف شد؟
tk-closed =
    🔒 درخواست { $ref } بسته شد.
    <i>{ $title }</i>
    دلیل: { $reason }
tk-closed-no-reason =
    🔒 درخواست { $ref } بسته شد.
    <i>{ $title }</i>
tk-auto-closed =
    🔒 درخواست { $ref } چون مدتی پاسخی دریافت نکرد، به‌طور خودکار بسته شد.
    <i>{ $title }</i>
    اگر هنوز کمکی لازم دارید، پیام بفرستید تا دوباره باز شود.
tk-cancelled =
    ⛔️ درخواست { $ref } لغو شد.
    <i>{ $title }</i>
    دلیل: { $reason }
tk-cancelled-no-reason =
    ⛔️ درخواست { $ref } لغو شد.
    <i>{ $title }</i>
tk-reopened =
    🔓 درخواست { $ref } دوباره باز شد و کارشناسان آن را پیگیری می‌کنند.
    <i>{ $title }</i>
tk-stepped-back =
    🔄 کارشناس درخواست { $ref } را دوباره در دست بررسی گذاشت؛ پرسش «مشکل حل شد؟» دیگر لازم نیست و پاسخ بعدی را همین‌جا دریافت می‌کنید.
    <i>{ $title }</i>
tk-merged =
    🔗 درخواست { $ref } با درخواست { $kept } شما یکی شد؛ همهٔ پیام‌های آن اکنون در { $kept } است. لطفاً پیگیری را با شمارهٔ { $kept } ادامه دهید.
    <i>{ $title }</i>

tk-reason-spam = پیام ناخواسته
tk-reason-duplicate = درخواست تکراری
tk-reason-auto_close = بی‌پاسخ ماندن
tk-reason-content_rule = متن درخواست با قواعد نگارش سامانه سازگار نبود ({ $reasons }). لطفاً درخواست تازه‌ای به فارسی ثبت کنید.
tk-reason-content_rule-plain = متن درخواست با قواعد نگارش سامانه سازگار نبود. لطفاً درخواست تازه‌ای به فارسی ثبت کنید.
tk-content-latin_only = نوشته‌شده با حروف لاتین
tk-content-finglish = فارسی با حروف لاتین (فینگلیش)
tk-content-repeated_punctuation = علامت‌های تکراری مثل «؟؟؟» یا «!!!»
tk-content-empty = بدون متن

tk-state-new = جدید
tk-state-open = باز
tk-state-answered = پاسخ داده شده
tk-state-resolved = حل‌شده (در انتظار تأیید)
tk-state-closed = بسته
tk-state-finished = پایان یافته
tk-state-cancelled = لغو شده

tk-error-ticket_finished = درخواست { $ref } پایان یافته است و پیام تازه نمی‌پذیرد. می‌توانید درخواست جدیدی ثبت کنید که به آن پیوند داشته باشد.
tk-error-too_many_open_tickets = شما { $limit } درخواست باز دارید. لطفاً تا پاسخ یکی از آن‌ها صبر کنید یا آن را ببندید.
tk-error-content_rule = لطفاً درخواست را به فارسی بنویسید ({ $reasons }).
tk-error-requester_not_allowed = برای ثبت درخواست ابتدا باید ثبت‌نام کنید.
tk-error-illegal_transition = این کار در وضعیت کنونی درخواست ممکن نیست.
tk-error-not_found = درخواست پیدا نشد.
tk-error-forbidden = اجازهٔ این کار را ندارید.
tk-error-conflict = درخواست هم‌زمان تغییر کرد؛ لطفاً دوباره تلاش کنید.
