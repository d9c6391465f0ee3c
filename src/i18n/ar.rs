//! Arabic (Modern Standard).

use super::Key;

pub(super) fn t(key: Key) -> &'static str {
    match key {
        Key::Loading => "جارٍ تحميل عملية الدفع…",
        Key::LoadFailed => "تعذّر تحميل عملية الدفع هذه. تحقّق من اتصالك وحاول مرة أخرى.",
        Key::LinkInvalid => "رابط الدفع هذا غير صالح. يُرجى العودة إلى المتجر والبدء من جديد.",
        Key::Retry => "إعادة المحاولة",
        Key::Total => "الإجمالي",
        Key::PayWithPix => "الدفع عبر Pix",
        Key::PixIntro => {
            "أدخل بياناتك للحصول على رمز Pix، ويمكنك الدفع به من تطبيق أي بنك برازيلي."
        }
        Key::FieldName => "الاسم الكامل",
        Key::FieldDocument => "رقم CPF أو CNPJ",
        Key::FieldEmail => "البريد الإلكتروني",
        Key::Pay => "إنشاء رمز Pix",
        Key::Submitting => "جارٍ الإنشاء…",
        Key::ErrRequired => "هذا الحقل مطلوب.",
        Key::ErrTooLong => "النص طويل جدًا.",
        Key::ErrNameFormat => "أدخل اسمك الكامل.",
        Key::ErrDocumentFormat => "أدخل رقم CPF (11 رقمًا) أو CNPJ (14 خانة).",
        Key::ErrEmailFormat => "أدخل بريدًا إلكترونيًا صالحًا، مثل name@example.com.",
        Key::ErrCheckDigit => "رقم CPF أو CNPJ غير صالح. يُرجى التحقق من الأرقام.",
        Key::ErrRepeatedDigits => "رقم CPF أو CNPJ غير صالح.",
        Key::ErrDocumentType => "نوع المستند هذا غير مقبول.",
        Key::ErrInvalid => "يُرجى التحقق من هذا الحقل.",
        Key::ErrNetwork => {
            "تعذّر الاتصال بالخادم. تحقّق من اتصالك وحاول مرة أخرى، ولن يُخصم المبلغ مرتين."
        }
        Key::ErrServer => "حدث خطأ من جهتنا. يُرجى المحاولة مرة أخرى بعد قليل.",
        Key::ErrRejected => "تعذّرت معالجة عملية الدفع. يُرجى التحقق من بياناتك والمحاولة مرة أخرى.",
        Key::ErrTooManyAttempts => "محاولات كثيرة جدًا. انتظر قليلًا ثم حاول مرة أخرى.",
        Key::ErrUnavailable => "عملية الدفع هذه لم تعد متاحة.",
        Key::ErrBadCode => "وصلنا رمز Pix غير صالح. يُرجى المحاولة مرة أخرى.",
        Key::RetrySafely => "حاول مرة أخرى",
        Key::Creating => "جارٍ إنشاء رمز Pix…",
        Key::ScanQr => "امسح رمز QR باستخدام تطبيق البنك.",
        Key::QrLabel => "رمز QR الخاص بـ Pix",
        Key::OrCopy => "أو انسخ الرمز أدناه والصقه في تطبيق البنك ضمن خيار Pix Copia e Cola.",
        Key::CopyLabel => "رمز Pix للنسخ واللصق",
        Key::Copy => "نسخ",
        Key::Copied => "تم النسخ",
        Key::CopyFailed => "تعذّر النسخ. حدّد الرمز وانسخه يدويًا.",
        Key::ExpiresIn => "تنتهي صلاحيته خلال",
        Key::CodeExpired => "انتهت صلاحية هذا الرمز.",
        Key::Waiting => "في انتظار الدفع…",
        Key::Paid => "تم تأكيد الدفع",
        Key::PaidDetail => "شكرًا لك! استلمنا دفعتك، ويمكنك إغلاق هذه الصفحة الآن.",
        Key::BackToStore => "العودة إلى المتجر",
        Key::AttemptFailed => "لم تنجح عملية الدفع",
        Key::AttemptExpired => "انتهت صلاحية رمز Pix",
        Key::AttemptCancelled => "أُلغيت عملية الدفع",
        Key::AttemptEndedDetail => "لم يتم أي دفع. يمكنك المحاولة مرة أخرى برمز Pix جديد.",
        Key::TryAgain => "حاول مرة أخرى",
        Key::SessionExpired => "انتهت صلاحية رابط الدفع هذا.",
        Key::SessionCancelled => "أُلغيت عملية الدفع هذه.",
        Key::MethodUnavailable => "خدمة Pix غير متاحة لعملية الدفع هذه.",
    }
}
