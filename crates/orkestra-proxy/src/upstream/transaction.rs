//! Per method: what a payer's checked submission becomes on Orkestra's wire, and what
//! Orkestra's answer becomes for the page. Pure functions, so every method's mapping is
//! tested without a network; `payments` does the calling and storing.

use orkestra_core::api::browser::{AddressInput, NextAction, Payer, ValidDetails};
use orkestra_core::api::merchant::CustomerInput;
use orkestra_core::api::orkestra::{
    Address, BankAccountRef, BoletoOptions, CardData, CardHolder, CardOptions, CardPaymentOptions,
    CashOptions, CryptoOptions, Customer, PixOptions, PseOptions, Transaction, TransactionRequest,
    WalletOptions, WireMethod,
};
use orkestra_core::catalog::Market;
use orkestra_core::methods::{spec, OptionsKind};
use orkestra_core::money::Currency;
use orkestra_core::validate;

/// Orkestra's `paymentMethod` for the payer's choice (a card is credit or debit as the
/// payer said).
pub fn wire_method(payer: &Payer) -> &'static str {
    let debit = payer.card().is_some_and(|c| c.debit);
    WireMethod::of(payer.method, debit).wire()
}

/// The charge's customer: what the payer typed, completed by what the merchant said about
/// them when the method did not ask (a mobile-money payer types only a phone; Orkestra
/// still wants a name on the charge).
pub fn customer(payer: &Payer, known: Option<&CustomerInput>, market: Market) -> Customer {
    let known_name = known
        .and_then(|c| c.name.as_deref())
        .and_then(|n| validate::person_name(n).ok());
    let name = payer.name.clone().or(known_name);
    let email = payer
        .email
        .as_ref()
        .map(|e| e.as_str().to_owned())
        .or_else(|| {
            known
                .and_then(|c| c.email.as_deref())
                .and_then(|e| validate::email(e).ok())
                .map(|e| e.as_str().to_owned())
        });
    Customer {
        first_name: name.as_ref().map_or("", |n| n.first()).to_owned(),
        last_name: name.as_ref().map_or("", |n| n.last()).to_owned(),
        document_type: payer
            .document
            .as_ref()
            .map_or("", |d| d.kind().as_str())
            .to_owned(),
        document: payer
            .document
            .as_ref()
            .map_or("", |d| d.digits())
            .to_owned(),
        email_address: email,
        phone_number: payer.phone.as_ref().map(|p| p.e164()),
        living_address: payer.address.as_ref().map(|a| address(a, market)),
        bank_account: payer.bank().map(|code| BankAccountRef {
            bank_code: code.to_owned(),
        }),
    }
}

fn address(a: &AddressInput, market: Market) -> Address {
    Address {
        street: a.street.clone(),
        number: a.number.clone(),
        complement: None,
        district: a.district.clone(),
        city: a.city.clone(),
        state: a.state.clone(),
        postal_code: a.postal_code.clone(),
        country: market.country().map_or("", |c| c.alpha2()).to_owned(),
    }
}

/// The transaction for one attempt. `reference_id` makes Orkestra's create idempotent;
/// `return_url` is where a 3-D Secure or bank page sends the payer back to.
pub fn transaction(
    payer: &Payer,
    currency: Currency,
    reference_id: &str,
    return_url: &str,
) -> TransactionRequest {
    let mut request = TransactionRequest {
        reference_id: Some(reference_id.to_owned()),
        ..TransactionRequest::new(wire_method(payer))
    };
    // By the options object the method's spec names, so a new method of an existing kind
    // (another wallet) needs nothing here.
    match spec(payer.method).options {
        OptionsKind::Pix => {
            request.pix = Some(PixOptions {
                allows_amount_change: false,
                expires_at: None,
            })
        }
        OptionsKind::Boleto => request.boleto = Some(BoletoOptions { expires_at: None }),
        // Typed on Orkestra's page: no card at all, only the way back for a payer who
        // could not stay in the frame.
        OptionsKind::Card if payer.details == ValidDetails::CardOnPage => {
            request.credit_card = Some(CardOptions {
                card: None,
                options: Some(CardPaymentOptions {
                    installments: None,
                    return_url: Some(return_url.to_owned()),
                }),
            })
        }
        OptionsKind::Card => {
            request.credit_card = payer.card().map(|card| CardOptions {
                card: Some(CardData {
                    number: card.number.expose_digits().to_owned(),
                    expires_at: card.expiry.mm_yyyy(),
                    security_code: card.cvv.expose_digits().to_owned(),
                    holder: payer.name.as_ref().map(|n| CardHolder {
                        first_name: n.first().to_owned(),
                        last_name: n.last().to_owned(),
                    }),
                    issuing_country: None,
                }),
                options: Some(CardPaymentOptions {
                    installments: (card.installments > 1).then_some(card.installments),
                    return_url: Some(return_url.to_owned()),
                }),
            })
        }
        OptionsKind::Pse => {
            request.pse = Some(PseOptions {
                person_type: payer.details.pse().map_or("NATURAL", |(_, t)| t).to_owned(),
                return_url: return_url.to_owned(),
            })
        }
        OptionsKind::Cash => {
            request.cash = Some(CashOptions {
                network: payer.details.cash_network().map(str::to_owned),
                expires_at: None,
            })
        }
        // A wallet reached by phone or document (Nequi, Daviplata) carries no operator;
        // mobile money the one the payer picked.
        OptionsKind::Wallet => {
            request.wallet = Some(WalletOptions {
                operator: payer.details.operator().map(|o| o.as_str().to_owned()),
            })
        }
        OptionsKind::Crypto => {
            request.crypto = payer.details.crypto_network().map(|network| CryptoOptions {
                token: currency.code().to_owned(),
                network: network.as_str().to_owned(),
            })
        }
        // The instructions (account, reference) come back; nothing to send.
        OptionsKind::None => {}
    }
    request
}

/// What the payer must do next, from Orkestra's transaction. A 3-D Secure challenge comes
/// first: a card with one is not paid until the payer completes it.
pub fn next_action(tx: &Transaction) -> Option<NextAction> {
    if let Some(challenge) = &tx.three_d_secure {
        return Some(NextAction::ThreeDsChallenge {
            url: challenge.challenge_url.clone(),
        });
    }
    if let Some(page) = &tx.payment_page {
        return Some(NextAction::CardPage {
            url: page.url.clone(),
        });
    }
    if let Some(pix) = &tx.pix {
        return Some(NextAction::PixQrCode {
            emv: pix.qr_code.clone(),
            expires_at: pix.expires_at.clone(),
        });
    }
    if let Some(boleto) = &tx.boleto {
        return Some(NextAction::Boleto {
            digitable_line: boleto.digitable_line.clone(),
            barcode: boleto.barcode.clone(),
            due_date: boleto.due_date.clone(),
            url: boleto.url.clone(),
        });
    }
    if let Some(pse) = &tx.pse {
        return Some(NextAction::BankRedirect {
            url: pse.redirect_url.clone(),
        });
    }
    if let Some(spei) = &tx.spei {
        return Some(NextAction::BankTransfer {
            bank_name: spei.bank_name.clone(),
            beneficiary: spei.beneficiary.clone(),
            account_type: "CLABE".into(),
            account_number: spei.clabe.clone(),
            bic: None,
            reference: spei.reference.clone(),
            expires_at: spei.expires_at.clone(),
        });
    }
    if let Some(transfer) = &tx.bank_transfer {
        return Some(NextAction::BankTransfer {
            bank_name: transfer.bank_name.clone(),
            beneficiary: transfer.beneficiary.clone(),
            account_type: transfer.account_type.clone(),
            account_number: transfer.account_number.clone(),
            bic: transfer.bic.clone(),
            reference: transfer.reference.clone(),
            expires_at: transfer.expires_at.clone(),
        });
    }
    if let Some(voucher) = &tx.voucher {
        return Some(NextAction::CashVoucher {
            reference: voucher.reference.clone(),
            barcode: voucher.barcode.clone(),
            networks: voucher.networks.clone(),
            expires_at: voucher.expires_at.clone(),
        });
    }
    if let Some(wallet) = &tx.wallet {
        let (phone, operator, expires_at) = (
            wallet.phone_number.clone(),
            wallet.operator.clone(),
            wallet.expires_at.clone(),
        );
        return Some(if wallet.otp_required {
            NextAction::EnterOtp {
                phone,
                operator,
                expires_at,
            }
        } else {
            NextAction::ApproveOnPhone {
                phone,
                operator,
                expires_at,
            }
        });
    }
    tx.crypto.as_ref().map(|crypto| NextAction::CryptoTransfer {
        token: crypto.token.clone(),
        network: crypto.network.clone(),
        address: crypto.address.clone(),
        amount: crypto.amount.clone(),
        expires_at: crypto.expires_at.clone(),
    })
}

/// The transaction for a leg added to an existing order: it carries its own amount.
pub fn with_amount(
    request: TransactionRequest,
    amount: orkestra_core::money::Money,
    units: orkestra_core::api::orkestra::AmountUnits,
) -> TransactionRequest {
    TransactionRequest {
        amount: Some(orkestra_core::api::orkestra::WireAmount::from_money(
            amount, units,
        )),
        ..request
    }
}

#[cfg(test)]
mod tests {
    use orkestra_core::api::browser::{CardInput, MethodInput, PayerInput, SubmitTransaction};
    use orkestra_core::api::orkestra::{
        PaymentPageResult, SpeiResult, ThreeDSecureResult, WalletResult,
    };
    use orkestra_core::catalog::{Country, PaymentMethod};
    use orkestra_core::methods::CardCapture;

    use super::*;

    const TODAY: (u16, u8) = (2026, 11);

    fn card_payer(debit: bool) -> Payer {
        SubmitTransaction {
            payer: PayerInput {
                name: "Maria da Silva".into(),
                document: "529.982.247-25".into(),
                ..Default::default()
            },
            details: MethodInput::Card(CardInput {
                number: "4111 1111 1111 1111".into(),
                expiry: "03/29".into(),
                cvv: "123".into(),
                installments: 3,
                debit,
            }),
            ..SubmitTransaction::new(PaymentMethod::Card)
        }
        .validate(Market::Country(Country::BR), TODAY, CardCapture::Direct)
        .expect("valid card payer")
    }

    #[test]
    fn a_card_typed_on_orkestras_page_goes_out_without_card_and_comes_back_as_its_page() {
        let payer = SubmitTransaction {
            payer: PayerInput {
                name: "Maria da Silva".into(),
                document: "529.982.247-25".into(),
                ..Default::default()
            },
            ..SubmitTransaction::new(PaymentMethod::Card)
        }
        .validate(Market::Country(Country::BR), TODAY, CardCapture::Orkestra)
        .expect("a customer without a card");
        let tx = transaction(&payer, Currency::BRL, "tx_1", "https://pay.example/pay/t");
        assert_eq!(tx.payment_method, "CREDIT_CARD");
        let options = tx.credit_card.expect("card options");
        assert!(options.card.is_none());
        let wire = serde_json::to_value(&options).unwrap();
        assert_eq!(
            wire,
            serde_json::json!({"options": {"returnUrl": "https://pay.example/pay/t"}})
        );
        let mut answer = upstream();
        answer.payment_page = Some(PaymentPageResult {
            url: "https://pay.orkestra.example/p/x".into(),
        });
        assert_eq!(
            next_action(&answer),
            Some(NextAction::CardPage {
                url: "https://pay.orkestra.example/p/x".into()
            })
        );
    }

    #[test]
    fn a_card_goes_out_as_documented_with_instalments_and_a_return_url() {
        let payer = card_payer(false);
        let tx = transaction(&payer, Currency::BRL, "tx_1", "https://pay.example/pay/t");
        assert_eq!(tx.payment_method, "CREDIT_CARD");
        let card = tx.credit_card.expect("card options");
        assert_eq!(card.card.as_ref().unwrap().number, "4111111111111111");
        assert_eq!(card.card.as_ref().unwrap().expires_at, "03/2029");
        assert_eq!(card.card.as_ref().unwrap().security_code, "123");
        let options = card.options.expect("options");
        assert_eq!(options.installments, Some(3));
        assert_eq!(
            options.return_url.as_deref(),
            Some("https://pay.example/pay/t")
        );
        assert_eq!(wire_method(&card_payer(true)), "DEBIT_CARD");
        let customer = customer(&payer, None, Market::Country(Country::BR));
        assert_eq!(
            (customer.document_type.as_str(), customer.document.as_str()),
            ("CPF", "52998224725")
        );
    }

    #[test]
    fn a_mobile_money_payer_gets_the_merchants_name_and_the_operator() {
        let payer = SubmitTransaction {
            payer: PayerInput {
                phone: "024 123 4567".into(),
                ..Default::default()
            },
            details: MethodInput::MobileMoney {
                operator: "MTN".into(),
            },
            ..SubmitTransaction::new(PaymentMethod::MobileMoney)
        }
        .validate(Market::Country(Country::GH), TODAY, CardCapture::Direct)
        .unwrap();
        let known = CustomerInput {
            name: Some("Kofi Mensah".into()),
            ..Default::default()
        };
        let customer = customer(&payer, Some(&known), Market::Country(Country::GH));
        assert_eq!(customer.first_name, "Kofi");
        assert_eq!(customer.phone_number.as_deref(), Some("+233241234567"));
        let tx = transaction(&payer, Currency::GHS, "tx_2", "https://x.example");
        assert_eq!(tx.wallet.unwrap().operator.as_deref(), Some("MTN"));
    }

    fn upstream() -> Transaction {
        // Through JSON, as it arrives: optional fields Orkestra may add stay optional.
        serde_json::from_value(serde_json::json!({
            "id": 7, "paymentMethod": "SPEI", "status": "PENDING", "amount": 1.00
        }))
        .expect("a minimal transaction")
    }

    #[test]
    fn instructions_become_the_pages_next_action() {
        let mut tx = upstream();
        assert_eq!(next_action(&tx), None);
        tx.spei = Some(SpeiResult {
            clabe: "646180157000000004".into(),
            reference: "1234567".into(),
            bank_name: "STP".into(),
            beneficiary: "Orkestra".into(),
            expires_at: "2026-12-01T00:00:00Z".into(),
        });
        match next_action(&tx) {
            Some(NextAction::BankTransfer {
                account_type,
                account_number,
                ..
            }) => assert_eq!((account_type.as_str(), account_number.len()), ("CLABE", 18)),
            other => panic!("{other:?}"),
        }
        tx.spei = None;
        tx.wallet = Some(WalletResult {
            phone_number: "+57 *** 4567".into(),
            operator: None,
            otp_required: true,
            expires_at: "2026-12-01T00:00:00Z".into(),
        });
        assert!(matches!(
            next_action(&tx),
            Some(NextAction::EnterOtp { .. })
        ));
        tx.three_d_secure = Some(ThreeDSecureResult {
            challenge_url: "http://sandbox/3ds/7".into(),
        });
        assert!(matches!(
            next_action(&tx),
            Some(NextAction::ThreeDsChallenge { .. })
        ));
    }
}
