# The web admin panel (admin/): configuration pages, requesters and audit (the rest is in admin.ftl)

# catalogue
admin-catalogue = فهرست خدمات
admin-catalogue-help = زنجیره‌های ارزش، واحدها و موضوع‌ها که ربات به کاربران نشان می‌دهد.
admin-value-chain-add = افزودن زنجیرهٔ ارزش
admin-department-add = افزودن واحد
admin-subjects = موضوع‌ها
admin-subject-add = افزودن موضوع
admin-subject-code = کد (لاتین)
admin-subject-name-fa = نام فارسی
admin-subject-name-en = نام انگلیسی
admin-subject-team = تیم پاسخ‌گو
admin-subject-team-department = تیم واحد
admin-subject-active = فعال
admin-subject-inactive = غیرفعال
admin-team-answers = تیم پاسخ‌گو
admin-default-priority = اولویت پیش‌فرض
admin-sla-policy = سیاست SLA
admin-sla-policy-match = انتخاب خودکار
admin-faq = پرسش‌های پرتکرار
admin-faq-add = افزودن پرسش
admin-faq-count = { $count } پرسش
admin-faq-question-fa = پرسش (فارسی)
admin-faq-answer-fa = پاسخ (فارسی)
admin-faq-question-en = پرسش (انگلیسی)
admin-faq-answer-en = پاسخ (انگلیسی)

# teams
admin-teams = تیم‌ها
admin-teams-help = اعضا، دیدپذیری، شیوهٔ واگذاری و بستن خودکار.
admin-team-add = افزودن تیم
admin-team-alias = نام نمایشی برای کاربران
admin-team-alias-hint = اگر «نام تیم به‌جای نام کارشناس» روشن باشد، کاربران این را می‌بینند.
admin-team-settings = تنظیمات تیم
admin-team-visibility = دیدپذیری
admin-visibility-all = همهٔ کارشناسان
admin-visibility-invited = فقط اعضا
admin-team-assignment = شیوهٔ واگذاری
admin-assignment-manual = دستی
admin-assignment-round_robin = نوبتی
admin-assignment-balanced = متوازن (کمترین کار باز)
admin-team-sla-warning = هشدار پیش از مهلت (دقیقهٔ کاری)
admin-calendar = تقویم کاری
admin-calendar-default = تقویم پیش‌فرض
admin-calendar-team = تقویم تیم
admin-autoclose = بستن خودکار
admin-autoclose-enabled = بستن خودکار روشن است
admin-autoclose-days = پس از چند روز بی‌فعالیتی
admin-finish-after = پایان‌یافته پس از چند روز
admin-customer-close = کاربران بتوانند درخواست خود را ببندند
admin-members = اعضا
admin-member-settings = تنظیمات عضو
admin-member-active = در واگذاری خودکار
admin-member-add = افزودن عضو
admin-staff-member = کارشناس
admin-supervisor = سرپرست
admin-chats-of-team = گروه‌های تلگرام این تیم

# staff chats
admin-chats = گروه‌های کارشناسان
admin-chats-help = گروه‌های تلگرام وابسته به تیم یا واحد و کد اتصال آن‌ها.
admin-chat-title = گروه
admin-chat-bound = وابسته به
admin-chat-unbound = بدون وابستگی
admin-chat-layout = چیدمان
admin-chat-status = وضعیت ربات
admin-chat-status-active = فعال
admin-chat-status-not_admin = ربات مدیر نیست
admin-chat-status-bot_removed = ربات حذف شده
admin-layout-forum = یک موضوع برای هر درخواست
admin-layout-plain = کارت در گروه ساده
admin-layout-auto = خودکار (بسته به گروه)
admin-unbind = جدا کردن
admin-bind-new = اتصال گروه تازه
admin-bind-one = یکی از تیم یا واحد را برگزینید.
admin-bind-issue = گرفتن کد اتصال
admin-bind-code = کد اتصال (۳۰ دقیقه اعتبار): { $code }
admin-bind-help = ربات را به گروه بیفزایید، مدیرش کنید و این فرمان را در گروه بفرستید.

# staff accounts
admin-staff = حساب‌های کارکنان
admin-staff-help = دعوت، نقش، تیم‌ها، اتصال تلگرام و غیرفعال‌سازی.
admin-staff-add = دعوت کارمند تازه
admin-last-login = آخرین ورود
admin-daily-goal = هدف روزانه (درخواست بسته‌شده)
admin-daily-goal-hint = خالی: مقدار پیش‌فرض.
admin-satisfied-goal = هدف رضایت (امتیاز ۴ و ۵)، درصد
admin-sla-success-goal = هدف موفقیت SLA (بسته‌شده بدون هدف ازدست‌رفته)، درصد
admin-deactivate = غیرفعال کردن حساب
admin-activate = فعال کردن حساب

# SLA and calendars
admin-sla-policies = سیاست‌های SLA
admin-sla-help = مهلت نخستین پاسخ و حل درخواست به دقیقهٔ کاری؛ نخستین سیاستِ منطبق (به ترتیب) به کار می‌رود.
admin-sla-add = افزودن سیاست
admin-any-team = هر تیم
admin-any-subject = هر موضوع
admin-any-priority = هر اولویت
admin-min-priority = کمترین اولویت
admin-first-response-minutes = نخستین پاسخ (دقیقهٔ کاری)
admin-resolution-minutes = حل (دقیقهٔ کاری)
admin-ceiling-minutes = سقف (دقیقهٔ واقعی)
admin-ceiling-hint = حداکثر زمان واقعی، مثلاً ۱۴۴۰ برای ۲۴ ساعت.
admin-calendars = تقویم‌های کاری
admin-calendars-help = ساعت کاری هفتگی، تعطیلات و تعطیلی‌ها با تاریخ شمسی.
admin-calendar-add = افزودن تقویم
admin-calendar-exceptions = تعطیلات و روزهای ویژه
admin-calendar-make-default = تقویم پیش‌فرض شود
admin-time-zone = منطقهٔ زمانی
admin-weekly-hours = ساعت کاری هفتگی
admin-weekly-hint = برای هر روز بازه‌ها را مانند 08:00-12:00, 13:00-16:00 بنویسید؛ خالی یعنی تعطیل.
admin-weekday-0 = یکشنبه
admin-weekday-1 = دوشنبه
admin-weekday-2 = سه‌شنبه
admin-weekday-3 = چهارشنبه
admin-weekday-4 = پنجشنبه
admin-weekday-5 = جمعه
admin-weekday-6 = شنبه
admin-exception-add = افزودن روز ویژه
admin-exception-kind = نوع
admin-exception-holiday = تعطیل رسمی
admin-exception-closure = تعطیلی اداری
admin-exception-short_day = روز کوتاه
admin-exception-extra_working_day = روز کاری اضافه
admin-exception-hours-hint = برای روز کوتاه یا روز کاری اضافه، مانند 08:00-12:00.
admin-import-year = درون‌ریزی فهرست سال
admin-import-lines = فهرست (هر سطر یک روز)
admin-import-hint = نمونه: ۱۴۰۵/۰۱/۰۱ تعطیل نوروز — یا: ۱۴۰۵/۰۱/۱۵ کوتاه 08:00-12:00
admin-import = درون‌ریزی
admin-import-line = سطر { $line }
admin-imported = درون‌ریزی شد: { $created } تازه، { $updated } به‌روز، { $unchanged } بدون تغییر.

# canned replies
admin-canned = پاسخ‌های آماده
admin-canned-help = متن‌های آماده برای پاسخ سریع در پنل و گروه‌ها.
admin-canned-add = افزودن پاسخ آماده
admin-canned-shortcut = میان‌بر
admin-canned-title = عنوان
admin-canned-body = متن
admin-every-team = همهٔ تیم‌ها

# member types and settings
admin-member-types = گونه‌های عضویت
admin-member-types-help = کشاورز، بازرگان، کارشناس و … که کاربران هنگام ثبت‌نام برمی‌گزینند.
admin-member-type = گونهٔ عضویت
admin-member-type-add = افزودن گونه
admin-member-type-staff = کارمند (می‌تواند به همکار درخواست بدهد)
admin-settings = تنظیمات عمومی
admin-content-rule = قاعدهٔ نگارش
admin-content-rule-help = درخواست‌های تمام لاتین (فینگلیش) یا پر از ؟؟؟ و !!!.
admin-content-rule-allow = پذیرفتن
admin-content-rule-rewrite = درخواست بازنویسی از کاربر
admin-content-rule-cancel = لغو خودکار درخواست
admin-max-open = بیشترین درخواست باز هر کاربر
admin-agent-name-mode = نامی که کاربر می‌بیند
admin-agent-name-agent = نام کارشناس
admin-agent-name-team = نام تیم
admin-mask-phone = شمارهٔ تلفن کاربران برای کارشناسان پوشیده باشد
admin-intake-timeout = رها شدن گفت‌وگوی نیمه‌تمام ربات (دقیقه)
admin-rate = بیشترین پیام کاربر در دقیقه
admin-default-language = زبان پیش‌فرض
admin-at-risk-minutes = «در خطر» از چند دقیقه پیش از مهلت

# bot
admin-bot = ربات تلگرام
admin-bot-help = توکن، آزمودن اتصال و شیوهٔ دریافت پیام‌ها.
admin-bot-token = توکن ربات
admin-bot-token-env = از متغیر محیطی BOT_TOKEN
admin-bot-token-stored = ذخیره‌شده (رمزگذاری‌شده)
admin-bot-token-none = تنظیم نشده
admin-bot-token-env-note = توکن محیطی بر توکن ذخیره‌شده مقدم است.
admin-bot-token-hint = از BotFather، مانند 123456:ABC…؛ رمزگذاری‌شده نگه‌داری می‌شود.
admin-bot-token-set = ذخیرهٔ توکن
admin-bot-token-remove = حذف توکن ذخیره‌شده
admin-bot-username = نام کاربری ربات
admin-bot-test = آزمودن اتصال
admin-bot-test-ok = اتصال برقرار است: @{ $username } ({ $name })
admin-bot-test-failed = اتصال برقرار نشد: { $error }
admin-bot-test-none = هیچ توکنی برای آزمودن نیست.
admin-bot-mode = شیوهٔ دریافت به‌روزرسانی‌ها
admin-bot-mode-env = از متغیر محیطی BOT_MODE
admin-bot-mode-polling = دریافت پیوسته (polling)
admin-bot-mode-webhook = وب‌هوک
admin-bot-mode-hint = پس از راه‌اندازی دوبارهٔ سرویس اثر می‌کند.

# requesters
admin-requester-search = جستجو (تلفن، نام، @نام کاربری، شناسه)
admin-blocked = مسدود
admin-not-blocked = مسدود نیست
admin-block = مسدود کردن
admin-unblock = رفع انسداد
admin-registered = ثبت‌نام
admin-reachable = دسترس‌پذیر در تلگرام

# audit
admin-audit-config = تغییرات پیکربندی
admin-audit-tickets = کارهای روی درخواست‌ها
admin-audit-entity = بخش
admin-audit-kind = نوع رویداد
admin-audit-action = کار
admin-audit-staff = انجام‌دهنده
admin-audit-what = موضوع
admin-audit-change = تغییر
admin-entity-settings = تنظیمات
admin-entity-value_chain = زنجیرهٔ ارزش
admin-entity-department = واحد
admin-entity-subject = موضوع
admin-entity-faq = پرسش پرتکرار
admin-entity-member_type = گونهٔ عضویت
admin-entity-team = تیم
admin-entity-staff = حساب کارمند
admin-entity-staff_chat = گروه کارشناسان
admin-entity-calendar = تقویم
admin-entity-sla_policy = سیاست SLA
admin-entity-canned_reply = پاسخ آماده
admin-entity-requester = درخواست‌کننده
