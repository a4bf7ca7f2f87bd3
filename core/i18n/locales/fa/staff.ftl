st-card =
    🎫 <b>{ $ref }</b> — { $title }
    👤 { $requester } ({ $memberType }) · { $phone }
    🗂 { $path }
    👥 { $team } · اولویت: { $priority }
    وضعیت: { $state } · مسئول: { $assignee }
st-unassigned = بدون مسئول
st-priority-low = کم
st-priority-normal = عادی
st-priority-high = بالا
st-priority-urgent = فوری
st-state-new = جدید
st-state-open = باز
st-state-answered = پاسخ داده شده
st-state-resolved = حل‌شده (منتظر تأیید)
st-state-closed = بسته
st-state-finished = پایان یافته
st-state-cancelled = لغو شده
st-btn-take = 🙋 برداشتن
st-btn-priority = ⚡ اولویت
st-btn-resolve = ✅ حل شد
st-btn-close = 🔒 بستن
st-from-requester = 💬 متقاضی: { $text }
st-edited = ✏️ متقاضی پیامش را ویرایش کرد: { $text }
st-panel-reply = ↩️ پاسخ { $name } (از پنل): { $text }
st-panel-note = 📝 یادداشت داخلی { $name } (از پنل): { $text }
st-the-requester = متقاضی
st-the-system = سامانه
st-state-changed = 🔄 { $who }: { $from } ← { $to }
st-rating = ⭐ امتیاز متقاضی: { $stars } ({ $score } از ۵)
st-rating-comment = 💬 نظر متقاضی: «{ $comment }»
st-reason = دلیل: { $reason }
st-transferred = ↪️ { $who } درخواست را منتقل کرد. { $note }
st-dm-assigned = درخواست { $ref } («{ $title }») به شما سپرده شد.
st-open-panel = باز کردن در پنل
st-bound = ✅ این گروه به «{ $target }» وصل شد ({ $layout }). درخواست‌های تازه اینجا می‌آیند.
st-bind-not-admin = برای اتصال، ربات باید مدیر (ادمین) این گروه باشد. لطفاً ربات را مدیر کنید و دوباره /bind را بفرستید.
st-bind-bad-code = این کد معتبر نیست یا منقضی شده است. کد تازه‌ای از پنل بگیرید.
st-bind-not-forum = این گروه «موضوع‌ها» (Topics) را فعال ندارد؛ موضوع‌ها را فعال کنید یا در پنل چیدمان ساده را انتخاب کنید.
st-linked = ✅ حساب تلگرام شما به «{ $name }» در میز خدمت وصل شد.
st-link-bad-code = این کد معتبر نیست یا منقضی شده است. کد تازه‌ای از پنل بگیرید.
st-not-linked = حساب تلگرام شما به هیچ کارشناسی وصل نیست؛ با /link و کد پنل آن را وصل کنید.
st-no-ticket = این پیام به هیچ درخواستی مربوط نیست. در موضوع درخواست بنویسید یا به کارت آن پاسخ دهید.
st-note-saved = 📝 یادداشت داخلی ثبت شد (برای متقاضی فرستاده نمی‌شود).
st-done = انجام شد.
st-not-allowed = این کار برای شما مجاز نیست: { $reason }
st-status = { $ref }: { $state } · مسئول: { $assignee } · اولویت: { $priority }
st-choose-priority = اولویت تازه را انتخاب کنید:
st-history-empty = پیامی نیست.
st-card-files = 📎 { $count } پرونده از متقاضی (پس از این پیام)

fl-state = 🔔 { $ref } «{ $title }»: { $from } ← { $to } ({ $who })
fl-message =
    🔔 پیام تازهٔ متقاضی در { $ref } «{ $title }»:
    { $text }
fl-reply =
    🔔 { $who } به { $ref } «{ $title }» پاسخ داد:
    { $text }
fl-note =
    🔔 یادداشت داخلی { $who } در { $ref } «{ $title }»:
    { $text }
fl-attachments = [{ $count } پیوست]
st-transfer-choose = درخواست به کدام تیم یا واحد منتقل شود؟ (برای انتقال به یک کارشناس: ‎/transfer @نام‌کاربری یادداشت)
st-transfer-unknown = مقصد انتقال پیدا نشد. بنویسید: ‎/transfer @نام‌کاربری یا نام تیم یا نام واحد، و پس از آن یادداشت برای کارشناس بعدی.
st-transferred-to = ↪️ به «{ $target }» منتقل شد.
st-tags = 🏷 برچسب‌ها: { $tags }
st-tags-none = 🏷 این درخواست برچسبی ندارد. افزودن و حذف: ‎/tags +فوری -قدیمی
st-type = 📂 نوع درخواست: { $type }
st-type-none = 📂 نوع درخواست تعیین نشده است. تعیین: ‎/type مشاوره
st-canned-unknown = پاسخ آماده‌ای با میانبر «{ $shortcut }» پیدا نشد.
st-merge-usage = بنویسید: ‎/merge شمارهٔ درخواست تکراری — آن درخواست در همین درخواست ادغام می‌شود.
st-merge-unknown = درخواستی با شمارهٔ { $number } پیدا نشد.
st-merged = 🔗 درخواست { $merged } در { $kept } ادغام شد؛ پیام‌ها و یادداشت‌هایش اکنون اینجاست.
st-collision = ⚠️ { $name } همین { $seconds } ثانیه پیش به این درخواست پاسخ داده بود؛ پاسخ شما هم فرستاده شد. پیش از نوشتن دوباره، گفت‌وگو را ببینید.
