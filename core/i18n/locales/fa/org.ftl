# Field errors of the organisation services (core/services/org-common.ts ORG_ERROR_CODES): org-error-<code>
org-error-required = این بخش را پر کنید.
org-error-too_long = این متن بیش از اندازه بلند است.
org-error-too_short = این متن کوتاه است.
org-error-invalid = مقدار واردشده درست نیست.
org-error-invalid_code = فقط حروف کوچک لاتین، رقم، خط تیره و زیرخط (حداکثر ۲۴ نویسه).
org-error-duplicate = این مقدار قبلاً به کار رفته است.
org-error-out_of_range = عدد خارج از بازه مجاز است.
org-error-not_found = مورد انتخاب‌شده پیدا نشد.
org-error-in_use = این مورد در حال استفاده است و حذف نمی‌شود.
org-error-invalid_phone = شماره همراه ایران وارد کنید؛ مثلاً ۰۹۱۲۱۲۳۴۵۶۷.
org-error-invalid_time = ساعت را به شکل ۰۸:۰۰ وارد کنید؛ شروع باید پیش از پایان باشد.
org-error-invalid_date = تاریخ درست نیست؛ مثلاً ۱۴۰۵/۰۱/۰۱ یا 2026-03-21.
org-error-overlap = این بازه با بازه دیگری از همان روز هم‌پوشانی دارد.
org-error-invalid_token = توکن ربات درست نیست (مانند 123456:ABC… از BotFather).
org-error-weak_password = گذرواژه ساده است؛ از نویسه‌های گوناگون استفاده کنید.
org-error-last_admin = دست‌کم یک مدیر فعال باید بماند.
org-error-role = فقط سرپرست یا مدیر می‌تواند سرپرست تیم باشد.
org-error-already_linked = این حساب تلگرام به حساب دیگری متصل است.
org-error-not_forum = این گروه «موضوع‌ها» (Topics) را فعال نکرده است.
org-error-invalid_username = نام کاربری: ۳ تا ۳۲ نویسه از حروف کوچک لاتین، رقم، نقطه، خط تیره یا زیرخط.
org-error-invalid_time_zone = منطقه زمانی شناخته نشد (مثلاً Asia/Tehran).
org-error-unknown_field = این فیلد پذیرفته نمی‌شود.
org-error-no_working_time = تقویم بدون ساعت کاری پذیرفته نمی‌شود؛ دست‌کم برای یک روز هفته ساعت کاری بنویسید.
# One-time codes (InvalidCodeError.reason)
org-code-unknown = این کد شناخته نشد. کد را دوباره بررسی کنید.
org-code-expired = مهلت این کد تمام شده است. کد تازه‌ای بگیرید.
org-code-used = این کد قبلاً به کار رفته است.
