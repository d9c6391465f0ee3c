//! The fact sheet's master table, written out independently of the specs: the tests hold
//! the specs' markets, method lists and payer fields to it.

use crate::market::{Country, PayerField};
use crate::methods::PaymentMethod;
use Country::*;
use PayerField::*;

/// Section 8 of the fact sheet, one line per row (BR "Cash (Boleto)" is `Boleto`), with its
/// "Enter" column: what the payer types. A new method of a country gets its row here.
pub const MASTER_TABLE: &[(Country, PaymentMethod, &[PayerField])] = &[
    (
        AR,
        PaymentMethod::BankTransfer,
        &[FullName, Document, Email],
    ),
    (BR, PaymentMethod::Card, &[FullName, Document]),
    (BR, PaymentMethod::Pix, &[FullName, Document, Email]),
    (
        BR,
        PaymentMethod::Boleto,
        &[FullName, Document, Email, Address],
    ),
    (CL, PaymentMethod::Card, &[FullName, Document]),
    (CL, PaymentMethod::Cash, &[FullName, Document, Email]),
    (CL, PaymentMethod::BankTransfer, &[Document, Email]),
    (CO, PaymentMethod::Card, &[FullName, Document]),
    (CO, PaymentMethod::Pse, &[FullName, Document, Email, Phone]),
    (CO, PaymentMethod::Cash, &[FullName, Document, Email]),
    (CO, PaymentMethod::BankTransfer, &[]),
    (CO, PaymentMethod::Daviplata, &[Document, Email, Phone]),
    (CO, PaymentMethod::Nequi, &[Document, Email, Phone]),
    (EC, PaymentMethod::Cash, &[Email]),
    (MX, PaymentMethod::Card, &[FullName]),
    (MX, PaymentMethod::Spei, &[FullName, Document, Email]),
    (MX, PaymentMethod::Cash, &[FullName, Email]),
    (
        MX,
        PaymentMethod::BankTransfer,
        &[FullName, Document, Email],
    ),
    (PE, PaymentMethod::Card, &[FullName, Document]),
    (PE, PaymentMethod::Cash, &[FullName, Document, Email, Phone]),
    (PE, PaymentMethod::BankTransfer, &[Phone]),
    (BJ, PaymentMethod::MobileMoney, &[Phone]),
    (BF, PaymentMethod::BankTransfer, &[FullName, Email]),
    (CM, PaymentMethod::BankTransfer, &[FullName, Email]),
    (CM, PaymentMethod::MobileMoney, &[Phone]),
    (EG, PaymentMethod::Cash, &[Email, Phone]),
    (EG, PaymentMethod::BankTransfer, &[FullName]),
    (ET, PaymentMethod::BankTransfer, &[FullName]),
    (ET, PaymentMethod::MobileMoney, &[Phone]),
    (GH, PaymentMethod::BankTransfer, &[FullName, Email]),
    (GH, PaymentMethod::MobileMoney, &[Phone]),
    (CI, PaymentMethod::BankTransfer, &[FullName, Email]),
    (CI, PaymentMethod::MobileMoney, &[Phone]),
    (KE, PaymentMethod::BankTransfer, &[FullName]),
    (KE, PaymentMethod::MobileMoney, &[Phone]),
    (MW, PaymentMethod::BankTransfer, &[FullName]),
    (NG, PaymentMethod::BankTransfer, &[FullName, Email, Phone]),
    (NG, PaymentMethod::MobileMoney, &[Phone]),
    (RW, PaymentMethod::BankTransfer, &[FullName]),
    (RW, PaymentMethod::MobileMoney, &[Phone]),
    (SN, PaymentMethod::BankTransfer, &[FullName]),
    (SN, PaymentMethod::MobileMoney, &[Phone]),
    (SL, PaymentMethod::BankTransfer, &[FullName]),
    (ZA, PaymentMethod::Cash, &[Phone]),
    (TZ, PaymentMethod::BankTransfer, &[FullName]),
    (TZ, PaymentMethod::MobileMoney, &[Phone]),
    (UG, PaymentMethod::BankTransfer, &[FullName]),
    (UG, PaymentMethod::MobileMoney, &[Phone]),
    (ZM, PaymentMethod::MobileMoney, &[Phone]),
];
