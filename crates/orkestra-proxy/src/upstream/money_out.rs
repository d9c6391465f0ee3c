//! Refunds and payouts at Orkestra: their requests on Orkestra's wire, and the calls that
//! send them and read the answers back into our domain.

use orkestra_core::api::orkestra::{
    AmountUnits, Beneficiary, Payout as WirePayout, PayoutBatchRequest, PayoutBatchResponse,
    PayoutRequest, ReceivingBankAccount, Refund as WireRefund, RefundRequest, WireAmount,
    WireMethod,
};
use orkestra_core::catalog::PaymentMethod;
use orkestra_core::money::Money;
use reqwest::{Method, StatusCode};

use super::client::Lookup;
use super::{order, Orkestra, Rejection, UpstreamError};
use crate::metrics::UpstreamOp as Op;
use crate::model::{Payout, Refund};

/// A refund of Orkestra's transaction `transaction_id`, total when `amount` is `None`.
/// `reference` makes it idempotent at Orkestra.
pub fn refund_request(
    transaction_id: i64,
    reference: String,
    amount: Option<Money>,
    reason: Option<String>,
    bank_account: Option<ReceivingBankAccount>,
    beneficiary: Option<Beneficiary>,
    units: AmountUnits,
) -> RefundRequest {
    RefundRequest {
        transaction_id,
        reference_id: reference,
        amount: amount.map(|m| WireAmount::from_money(m, units)),
        reason,
        receiving_bank_account: bank_account,
        beneficiary,
    }
}

/// A payout by `method` (PIX, SPEI, bank transfer), idempotent by `reference`.
pub fn payout_request(
    reference: String,
    method: PaymentMethod,
    amount: Money,
    bank_account: ReceivingBankAccount,
    beneficiary: Beneficiary,
    units: AmountUnits,
) -> PayoutRequest {
    PayoutRequest {
        reference_id: Some(reference),
        amount: WireAmount::from_money(amount, units),
        currency: amount.currency(),
        payment_method: WireMethod::of(method, false).wire().to_owned(),
        receiving_bank_account: bank_account,
        beneficiary,
    }
}

impl Orkestra {
    /// Asks for a refund (idempotent by its `referenceId`, so retried): `Ok(Ok((refund,
    /// created)))` with whether Orkestra made it now (201) or answered a repeat (200);
    /// `Ok(Err(rejection))` for a 4xx with Orkestra's code and field; `Err` when Orkestra
    /// could not be reached.
    pub async fn create_refund(
        &self,
        request: &RefundRequest,
    ) -> Result<Result<(Refund, bool), Rejection>, UpstreamError> {
        let answer: Result<(WireRefund, bool), Rejection> = self
            .post_referenced(Op::create_refund, &self.config().paths.refunds, request)
            .await?;
        Ok(match answer {
            Ok((wire, created)) => Ok((order::refund(wire, self.units())?, created)),
            Err(rejection) => Err(rejection),
        })
    }

    /// The refunds of one of Orkestra's transactions.
    pub async fn refunds_of(&self, transaction_id: i64) -> Result<Vec<Refund>, UpstreamError> {
        let path = format!(
            "{}/{transaction_id}/refunds",
            self.config().paths.transactions
        );
        let wire: Vec<WireRefund> = self
            .call::<(), _>(Op::list_refunds, Method::GET, &path, None, true)
            .await?;
        wire.into_iter()
            .map(|r| order::refund(r, self.units()))
            .collect()
    }

    /// A payout, idempotent by its `referenceId`; as [`Orkestra::create_refund`].
    pub async fn create_payout(
        &self,
        request: &PayoutRequest,
    ) -> Result<Result<(Payout, bool), Rejection>, UpstreamError> {
        let answer: Result<(WirePayout, bool), Rejection> = self
            .post_referenced(Op::create_payout, &self.config().paths.payouts, request)
            .await?;
        Ok(match answer {
            Ok((wire, created)) => Ok((order::payout(wire, self.units())?, created)),
            Err(rejection) => Err(rejection),
        })
    }

    /// Several payouts, each accepted (the payout) or refused (Orkestra's rejection), in
    /// the request's order; `None` for an item Orkestra's answer lacks.
    pub async fn create_payouts(
        &self,
        request: &PayoutBatchRequest,
    ) -> Result<Vec<Option<Result<Payout, Rejection>>>, UpstreamError> {
        let path = format!("{}/batch", self.config().paths.payouts);
        let response: PayoutBatchResponse = self.post(Op::create_payouts, &path, request).await?;
        let mut items = response.results.into_iter();
        let mut out = Vec::with_capacity(request.payouts.len());
        for _ in &request.payouts {
            out.push(match items.next() {
                None => None,
                Some(item) => Some(match (item.payout, item.error) {
                    (Some(wire), _) => Ok(order::payout(wire, self.units())?),
                    (None, error) => Err(Rejection {
                        status: StatusCode::BAD_REQUEST,
                        code: error.as_ref().and_then(|e| e.code.clone()),
                        field: error.as_ref().and_then(|e| e.field.clone()),
                        message: error.and_then(|e| e.message).unwrap_or_default(),
                    }),
                }),
            });
        }
        Ok(out)
    }

    /// A payout by Orkestra's id; `None` when Orkestra has none.
    pub async fn payout(&self, id: i64) -> Result<Option<Payout>, UpstreamError> {
        match self
            .find::<WirePayout>(
                Op::get_payout,
                &format!("{}/{id}", self.config().paths.payouts),
                &[],
            )
            .await?
        {
            Lookup::Found(wire) => Ok(Some(order::payout(wire, self.units())?)),
            Lookup::Absent | Lookup::Unaskable => Ok(None),
        }
    }
}
