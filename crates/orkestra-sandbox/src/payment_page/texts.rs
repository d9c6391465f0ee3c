//! Every word the payment page says (and its 3-D Secure challenge, `/_sandbox/3ds/{id}`),
//! in the checkout's five languages: one table per language, so a text is added to all
//! five at once or the crate does not build.

/// The checkout's languages (its `locales/`), by the tag its `lang` parameter carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Es,
    PtBr,
    Fr,
    Ar,
}

impl Lang {
    pub const ALL: [Lang; 5] = [Lang::En, Lang::Es, Lang::PtBr, Lang::Fr, Lang::Ar];

    /// The language of a `lang` parameter (case aside); English when absent or unknown.
    pub fn parse(tag: Option<&str>) -> Lang {
        let tag = tag.unwrap_or_default().trim();
        Lang::ALL
            .into_iter()
            .find(|lang| lang.tag().eq_ignore_ascii_case(tag))
            .unwrap_or(Lang::En)
    }

    /// The BCP 47 tag, as `<html lang>` and the parameter carry it.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
            Lang::PtBr => "pt-BR",
            Lang::Fr => "fr",
            Lang::Ar => "ar",
        }
    }

    pub fn dir(self) -> &'static str {
        match self {
            Lang::Ar => "rtl",
            Lang::En | Lang::Es | Lang::PtBr | Lang::Fr => "ltr",
        }
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::En => &EN,
            Lang::Es => &ES,
            Lang::PtBr => &PT_BR,
            Lang::Fr => &FR,
            Lang::Ar => &AR,
        }
    }
}

/// What can be wrong with a field of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Required,
    CardNumber,
    CardCheck,
    Brand,
    ExpiryFormat,
    Expired,
    ExpiryFar,
    Cvv,
    Name,
    Installments,
    DebitInstallments,
    CardType,
}

pub struct Texts {
    pub title: &'static str,
    pub amount: &'static str,
    pub merchant: &'static str,
    pub note: &'static str,
    pub number: &'static str,
    pub expiry: &'static str,
    pub cvv: &'static str,
    pub name: &'static str,
    pub card_type: &'static str,
    pub credit: &'static str,
    pub debit: &'static str,
    pub installments: &'static str,
    /// The one-payment option of the installments select.
    pub single: &'static str,
    /// After a number of installments: "3 installments".
    pub unit: &'static str,
    pub pay: &'static str,
    pub errors_title: &'static str,
    pub lost: &'static str,
    pub approved: &'static str,
    /// Ends with its colon, as the language writes it: a reason follows.
    pub declined: &'static str,
    pub expired: &'static str,
    pub cancelled: &'static str,
    pub back: &'static str,
    pub not_found: &'static str,
    /// The 3-D Secure challenge's title.
    pub challenge: &'static str,
    /// Its question around the amount and the card: before the amount, between the two,
    /// after the card (every language here says the amount first).
    pub confirm: [&'static str; 3],
    /// What the challenge page is: the sandbox standing in for the issuer.
    pub issuer: &'static str,
    pub complete: &'static str,
    pub fail: &'static str,
    problems: [&'static str; 12],
    /// Card declined, insufficient funds, expired card, wrong security code, failed
    /// authentication, any other reason.
    reasons: [&'static str; 6],
}

impl Texts {
    pub fn problem(&self, problem: Problem) -> &'static str {
        let i = match problem {
            Problem::Required => 0,
            Problem::CardNumber => 1,
            Problem::CardCheck => 2,
            Problem::Brand => 3,
            Problem::ExpiryFormat => 4,
            Problem::Expired => 5,
            Problem::ExpiryFar => 6,
            Problem::Cvv => 7,
            Problem::Name => 8,
            Problem::Installments => 9,
            Problem::DebitInstallments => 10,
            Problem::CardType => 11,
        };
        self.problems[i]
    }

    /// A failed transaction's `statusReason` in words; reasons are an open set (the
    /// simulate control takes any), so an unknown one reads as a plain refusal.
    pub fn reason(&self, reason: Option<&str>) -> &'static str {
        let i = match reason.unwrap_or_default() {
            "CARD_DECLINED" => 0,
            "INSUFFICIENT_FUNDS" => 1,
            "EXPIRED_CARD" => 2,
            "INCORRECT_CVC" => 3,
            "AUTHENTICATION_FAILED" => 4,
            _ => 5,
        };
        self.reasons[i]
    }
}

const EN: Texts = Texts {
    title: "Card payment",
    amount: "Amount to pay",
    merchant: "Merchant",
    note: "Your card details go to Orkestra only, never to the store.",
    number: "Card number",
    expiry: "Expiry date (MM/YY)",
    cvv: "Security code (CVV)",
    name: "Name on the card",
    card_type: "Card type",
    credit: "Credit",
    debit: "Debit",
    installments: "Installments",
    single: "1 (single payment)",
    unit: "installments",
    pay: "Pay",
    errors_title: "Please check the following:",
    lost: "We couldn't reach your card issuer. Nothing was charged: please try again.",
    approved: "Payment approved — continue in the checkout.",
    declined: "Card declined:",
    expired: "The time to pay ran out.",
    cancelled: "This payment was cancelled.",
    back: "Back to the store",
    not_found: "This payment page is not valid. Go back to the store and start again.",
    challenge: "3-D Secure authentication",
    confirm: ["Confirm the payment of ", " with the card ", "."],
    issuer: "This is the Orkestra sandbox standing in for the card issuer: choose what the cardholder does.",
    complete: "Complete authentication",
    fail: "Fail authentication",
    problems: [
        "This field is required.",
        "Enter the card number as printed on your card.",
        "This card number is not valid. Please check it.",
        "This card brand is not accepted.",
        "Enter the expiry date as MM/YY.",
        "This card has expired.",
        "Please check the expiry date.",
        "Enter the security code on your card (3 or 4 digits).",
        "Enter the name as printed on the card (first and last name).",
        "Choose one of the installment options offered.",
        "A debit card pays in a single payment.",
        "Choose credit or debit.",
    ],
    reasons: [
        "the card issuer declined the payment.",
        "insufficient funds.",
        "the card has expired.",
        "the security code is incorrect.",
        "the card issuer could not confirm it was you.",
        "the payment was not approved.",
    ],
};

const ES: Texts = Texts {
    title: "Pago con tarjeta",
    amount: "Monto a pagar",
    merchant: "Comercio",
    note: "Los datos de tu tarjeta van solo a Orkestra, nunca a la tienda.",
    number: "Número de tarjeta",
    expiry: "Vencimiento (MM/AA)",
    cvv: "Código de seguridad (CVV)",
    name: "Nombre en la tarjeta",
    card_type: "Tipo de tarjeta",
    credit: "Crédito",
    debit: "Débito",
    installments: "Cuotas",
    single: "1 (pago único)",
    unit: "cuotas",
    pay: "Pagar",
    errors_title: "Revisa lo siguiente:",
    lost: "No pudimos comunicarnos con el emisor de tu tarjeta. No se hizo ningún cargo: inténtalo de nuevo.",
    approved: "Pago aprobado — continúa en el checkout.",
    declined: "Tarjeta rechazada:",
    expired: "Se acabó el tiempo para pagar.",
    cancelled: "Este pago fue cancelado.",
    back: "Volver a la tienda",
    not_found: "Esta página de pago no es válida. Vuelve a la tienda y empieza de nuevo.",
    challenge: "Autenticación 3-D Secure",
    confirm: ["Confirma el pago de ", " con la tarjeta ", "."],
    issuer: "Este es el sandbox de Orkestra en lugar del emisor de la tarjeta: elige qué hace el titular.",
    complete: "Completar la autenticación",
    fail: "Hacer fallar la autenticación",
    problems: [
        "Este campo es obligatorio.",
        "Ingresa el número tal como aparece en tu tarjeta.",
        "Este número de tarjeta no es válido. Revísalo.",
        "No aceptamos esta marca de tarjeta.",
        "Ingresa el vencimiento como MM/AA.",
        "Esta tarjeta está vencida.",
        "Revisa la fecha de vencimiento.",
        "Ingresa el código de seguridad de tu tarjeta (3 o 4 dígitos).",
        "Ingresa el nombre tal como aparece en la tarjeta (nombre y apellido).",
        "Elige una de las opciones de cuotas ofrecidas.",
        "Una tarjeta de débito paga en un solo pago.",
        "Elige crédito o débito.",
    ],
    reasons: [
        "el emisor de la tarjeta rechazó el pago.",
        "fondos insuficientes.",
        "la tarjeta está vencida.",
        "el código de seguridad es incorrecto.",
        "el emisor de la tarjeta no pudo confirmar tu identidad.",
        "el pago no fue aprobado.",
    ],
};

const PT_BR: Texts = Texts {
    title: "Pagamento com cartão",
    amount: "Valor a pagar",
    merchant: "Estabelecimento",
    note: "Os dados do seu cartão vão apenas para a Orkestra, nunca para a loja.",
    number: "Número do cartão",
    expiry: "Validade (MM/AA)",
    cvv: "Código de segurança (CVV)",
    name: "Nome impresso no cartão",
    card_type: "Tipo de cartão",
    credit: "Crédito",
    debit: "Débito",
    installments: "Parcelas",
    single: "1 (à vista)",
    unit: "parcelas",
    pay: "Pagar",
    errors_title: "Confira o seguinte:",
    lost: "Não conseguimos falar com o emissor do seu cartão. Nada foi cobrado: tente novamente.",
    approved: "Pagamento aprovado — continue no checkout.",
    declined: "Cartão recusado:",
    expired: "O tempo para pagar acabou.",
    cancelled: "Este pagamento foi cancelado.",
    back: "Voltar à loja",
    not_found: "Esta página de pagamento não é válida. Volte à loja e comece de novo.",
    challenge: "Autenticação 3-D Secure",
    confirm: ["Confirme o pagamento de ", " com o cartão ", "."],
    issuer:
        "Este é o sandbox da Orkestra no lugar do emissor do cartão: escolha o que o titular faz.",
    complete: "Concluir a autenticação",
    fail: "Falhar a autenticação",
    problems: [
        "Este campo é obrigatório.",
        "Informe o número como está impresso no cartão.",
        "Número de cartão inválido. Confira os dígitos.",
        "Esta bandeira de cartão não é aceita.",
        "Informe a validade como MM/AA.",
        "Este cartão está vencido.",
        "Confira a data de validade.",
        "Informe o código de segurança do cartão (3 ou 4 dígitos).",
        "Informe o nome como está impresso no cartão (nome e sobrenome).",
        "Escolha uma das opções de parcelamento oferecidas.",
        "Cartão de débito paga somente à vista.",
        "Escolha crédito ou débito.",
    ],
    reasons: [
        "o emissor do cartão recusou o pagamento.",
        "saldo insuficiente.",
        "o cartão está vencido.",
        "o código de segurança está incorreto.",
        "o emissor do cartão não conseguiu confirmar que é você.",
        "o pagamento não foi aprovado.",
    ],
};

const FR: Texts = Texts {
    title: "Paiement par carte",
    amount: "Montant à payer",
    merchant: "Marchand",
    note: "Les données de votre carte vont uniquement à Orkestra, jamais à la boutique.",
    number: "Numéro de carte",
    expiry: "Date d'expiration (MM/AA)",
    cvv: "Code de sécurité (CVV)",
    name: "Nom sur la carte",
    card_type: "Type de carte",
    credit: "Crédit",
    debit: "Débit",
    installments: "Paiement en plusieurs fois",
    single: "1 (paiement unique)",
    unit: "échéances",
    pay: "Payer",
    errors_title: "Veuillez vérifier les points suivants :",
    lost: "Nous n'avons pas pu joindre l'émetteur de votre carte. Rien n'a été débité : veuillez réessayer.",
    approved: "Paiement accepté — poursuivez dans le checkout.",
    declined: "Carte refusée :",
    expired: "Le délai de paiement est dépassé.",
    cancelled: "Ce paiement a été annulé.",
    back: "Retour à la boutique",
    not_found: "Cette page de paiement n'est pas valide. Retournez à la boutique et recommencez.",
    challenge: "Authentification 3-D Secure",
    confirm: ["Confirmez le paiement de ", " avec la carte ", "."],
    issuer: "Ceci est le sandbox d'Orkestra, à la place de l'émetteur de la carte : choisissez ce que fait le titulaire.",
    complete: "Terminer l'authentification",
    fail: "Faire échouer l'authentification",
    problems: [
        "Ce champ est obligatoire.",
        "Saisissez le numéro tel qu'il figure sur votre carte.",
        "Ce numéro de carte n'est pas valide. Vérifiez-le.",
        "Cette marque de carte n'est pas acceptée.",
        "Saisissez la date d'expiration au format MM/AA.",
        "Cette carte a expiré.",
        "Vérifiez la date d'expiration.",
        "Saisissez le code de sécurité de votre carte (3 ou 4 chiffres).",
        "Saisissez le nom tel qu'il figure sur la carte (prénom et nom).",
        "Choisissez l'une des options de paiement proposées.",
        "Une carte de débit paie en une seule fois.",
        "Choisissez crédit ou débit.",
    ],
    reasons: [
        "l'émetteur de la carte a refusé le paiement.",
        "fonds insuffisants.",
        "la carte a expiré.",
        "le code de sécurité est incorrect.",
        "l'émetteur de la carte n'a pas pu confirmer votre identité.",
        "le paiement n'a pas été accepté.",
    ],
};

const AR: Texts = Texts {
    title: "الدفع بالبطاقة",
    amount: "المبلغ المطلوب",
    merchant: "التاجر",
    note: "تُرسَل بيانات بطاقتك إلى Orkestra فقط، ولا تصل إلى المتجر أبدًا.",
    number: "رقم البطاقة",
    expiry: "تاريخ الانتهاء (MM/YY)",
    cvv: "رمز الأمان (CVV)",
    name: "الاسم المدوّن على البطاقة",
    card_type: "نوع البطاقة",
    credit: "ائتمان",
    debit: "خصم مباشر",
    installments: "الأقساط",
    single: "1 (دفعة واحدة)",
    unit: "أقساط",
    pay: "ادفع",
    errors_title: "يُرجى التحقق مما يلي:",
    lost: "تعذّر الوصول إلى الجهة المُصدِرة لبطاقتك. لم يُخصم أي مبلغ: يُرجى المحاولة مرة أخرى.",
    approved: "تمت الموافقة على الدفع — تابع في صفحة الدفع.",
    declined: "رُفضت البطاقة:",
    expired: "انتهت مهلة الدفع.",
    cancelled: "أُلغي هذا الدفع.",
    back: "العودة إلى المتجر",
    not_found: "صفحة الدفع هذه غير صالحة. عُد إلى المتجر وابدأ من جديد.",
    challenge: "مصادقة 3-D Secure",
    confirm: ["أكِّد دفع ", " بالبطاقة ", "."],
    issuer: "هذه بيئة الاختبار (sandbox) من Orkestra، تقوم مقام الجهة المُصدِرة للبطاقة: اختر ما يفعله حامل البطاقة.",
    complete: "إتمام المصادقة",
    fail: "إفشال المصادقة",
    problems: [
        "هذا الحقل مطلوب.",
        "أدخل الرقم كما هو مطبوع على البطاقة.",
        "رقم البطاقة هذا غير صالح. يُرجى التحقق منه.",
        "نوع البطاقة هذا غير مقبول.",
        "أدخل تاريخ الانتهاء بالصيغة MM/YY.",
        "انتهت صلاحية هذه البطاقة.",
        "يُرجى التحقق من تاريخ الانتهاء.",
        "أدخل رمز الأمان الموجود على البطاقة (3 أو 4 أرقام).",
        "أدخل الاسم كما هو مطبوع على البطاقة (الاسم الأول واسم العائلة).",
        "اختر أحد خيارات الأقساط المتاحة.",
        "تُدفع بطاقة الخصم المباشر دفعةً واحدة.",
        "اختر ائتمان أو خصم مباشر.",
    ],
    reasons: [
        "رفضت الجهة المُصدِرة للبطاقة عملية الدفع.",
        "الرصيد غير كافٍ.",
        "انتهت صلاحية البطاقة.",
        "رمز الأمان غير صحيح.",
        "تعذّر على الجهة المُصدِرة للبطاقة التحقق من هويتك.",
        "لم تتم الموافقة على الدفع.",
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lang_parameter_picks_its_language_and_anything_else_is_english() {
        assert_eq!(Lang::parse(Some("pt-BR")), Lang::PtBr);
        assert_eq!(Lang::parse(Some("pt-br")), Lang::PtBr);
        assert_eq!(Lang::parse(Some("ar")), Lang::Ar);
        assert_eq!(Lang::parse(Some("de")), Lang::En);
        assert_eq!(Lang::parse(None), Lang::En);
        assert_eq!(Lang::Ar.dir(), "rtl");
        assert_eq!(Lang::Fr.dir(), "ltr");
    }

    #[test]
    fn every_language_says_every_text() {
        for lang in Lang::ALL {
            let t = lang.texts();
            let challenge = [t.challenge, t.issuer, t.complete, t.fail, t.confirm[0]];
            assert!(t
                .problems
                .iter()
                .chain(&t.reasons)
                .chain(&challenge)
                .all(|s| !s.is_empty()));
            assert!(t.declined.ends_with(':'), "{lang:?}");
        }
        assert_eq!(
            Lang::Es.texts().reason(Some("INSUFFICIENT_FUNDS")),
            "fondos insuficientes."
        );
        assert_eq!(
            Lang::En.texts().reason(Some("SOMETHING_NEW")),
            "the payment was not approved."
        );
    }
}
