channel-telegram = تلگرام
channel-bale = بله
st-card-channel = 📱 پیام‌رسان: { $channel }
st-from-requester-file = 📎 پیوست ({ $kind }) در پیام‌رسان متقاضی — در پنل ببینید
admin-channel = پیام‌رسان متقاضی
