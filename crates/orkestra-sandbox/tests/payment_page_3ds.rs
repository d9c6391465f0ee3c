//! The 3-D Secure challenge a card meets on Orkestra's payment page: the payer goes on to
//! it in the same window (or frame) and it speaks the page's language; completing it pays,
//! failing it fails the card.

mod common;

use common::payment_page::{card, open, post, transaction, RETURN_URL};
use common::{start, App};
use serde_json::Value;

/// A Brazilian card leg on the page, posted with `changes` over a good Visa, that goes on
/// to its challenge: the transaction and the challenge's full URL.
async fn to_challenge(
    app: &App,
    id: &str,
    changes: &[(&'static str, &'static str)],
) -> (Value, String) {
    let (tx, url) = open(app, id).await;
    let (status, _, location) = post(app, &url, &card(changes)).await;
    assert_eq!(status, 303);
    (tx, format!("{}{}", app.url, location.unwrap()))
}

#[tokio::test]
async fn the_3ds_number_goes_through_the_challenge_in_the_same_frame() {
    let app = start().await;
    let (tx, url) = open(&app, "pp-3ds").await;
    let fields = card(&[("number", "4000000000003220"), ("lang", "fr")]);
    let (status, _, location) = post(&app, &url, &fields).await;
    assert_eq!(status, 303);
    let challenge = location.unwrap();
    assert_eq!(
        challenge,
        format!("/_sandbox/3ds/{}?lang=fr&frame=1", tx["id"])
    );
    let found = transaction(&app, "pp-3ds").await;
    assert_eq!(found["status"], "PENDING");
    assert!(found.get("threeDSecure").is_none(), "{found}");
    // Back on the page meanwhile: on to the challenge.
    let response = app
        .client
        .get(format!("{url}?lang=fr&frame=1"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 303);
    let (status, html) = app.page(&format!("{}{challenge}", app.url)).await;
    assert_eq!(status, 200);
    assert!(html.contains(&format!(
        r#"action="/_sandbox/3ds/{}?lang=fr&amp;frame=1""#,
        tx["id"]
    )));
    assert!(html.contains("visa •••• 3220"));
    let response = app
        .submit(&format!("{}{challenge}", app.url), "complete")
        .await;
    assert_eq!(response.status().as_u16(), 200);
    assert!(response.headers().get("x-frame-options").is_none());
    let html = response.text().await.unwrap();
    assert!(html.contains(r#"data-status="PAID""#), "{html}");
    assert!(html.contains("Paiement accepté"), "{html}");
    app.hook("pp-3ds", "PAID").await;

    // Without the frame, the challenge ends with 303 to the returnUrl.
    let (tx, url) = open(&app, "pp-3ds-redirect").await;
    let (_, _, location) = post(
        &app,
        &url,
        &card(&[("number", "4000000000003220"), ("frame", "")]),
    )
    .await;
    let challenge = location.unwrap();
    assert_eq!(challenge, format!("/_sandbox/3ds/{}?lang=en", tx["id"]));
    let response = app.submit(&format!("{}{challenge}", app.url), "fail").await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(response.headers()["location"], RETURN_URL);
    let hook = app.hook("pp-3ds-redirect", "FAILED").await;
    assert_eq!(
        hook["transactions"][0]["statusReason"],
        "AUTHENTICATION_FAILED"
    );
}

#[tokio::test]
async fn a_brazilian_debit_card_meets_3ds_and_pays_at_once() {
    let app = start().await;
    let (tx, url) = open(&app, "pp-debit").await;
    let fields = card(&[("card_type", "debit"), ("installments", "3")]);
    let (status, html, _) = post(&app, &url, &fields).await;
    assert_eq!(status, 422);
    assert!(
        html.contains("A debit card pays in a single payment."),
        "{html}"
    );
    let fields = card(&[("card_type", "debit"), ("installments", "1")]);
    let (status, _, location) = post(&app, &url, &fields).await;
    assert_eq!(status, 303);
    assert!(location
        .unwrap()
        .starts_with(&format!("/_sandbox/3ds/{}", tx["id"])));
}

#[tokio::test]
async fn the_challenge_speaks_the_pages_language_and_completing_it_pays() {
    let app = start().await;
    // A Brazilian debit card always meets 3-D Secure.
    let changes = [
        ("card_type", "debit"),
        ("installments", "1"),
        ("lang", "pt-BR"),
    ];
    let (tx, challenge) = to_challenge(&app, "pp-3ds-pt", &changes).await;
    assert_eq!(
        challenge,
        format!("{}/_sandbox/3ds/{}?lang=pt-BR&frame=1", app.url, tx["id"])
    );
    let (status, html) = app.page(&challenge).await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"<html lang="pt-BR" dir="ltr">"#), "{html}");
    assert!(html.contains("<title>Autenticação 3-D Secure · Orkestra sandbox</title>"));
    assert!(html.contains(
        "Confirme o pagamento de <strong><bdi>BRL 150.00</bdi></strong> com o cartão <strong><bdi>visa •••• 1111</bdi></strong>."
    ), "{html}");
    assert!(html.contains(r#"value="complete">Concluir a autenticação</button>"#));
    assert!(html.contains(r#"value="fail" class="secondary">Falhar a autenticação</button>"#));
    assert!(!html.contains("authentication"), "{html}");
    // The language goes on with the post.
    assert!(html.contains(&format!(
        r#"action="/_sandbox/3ds/{}?lang=pt-BR&amp;frame=1""#,
        tx["id"]
    )));

    let response = app.submit(&challenge, "complete").await;
    assert_eq!(response.status().as_u16(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains(r#"<html lang="pt-BR" dir="ltr">"#), "{html}");
    assert!(html.contains(r#"data-status="PAID""#), "{html}");
    assert!(html.contains("Pagamento aprovado"), "{html}");
    app.hook("pp-3ds-pt", "PAID").await;
    assert_eq!(transaction(&app, "pp-3ds-pt").await["status"], "PAID");
}

#[tokio::test]
async fn an_arabic_challenge_is_right_to_left_and_an_unknown_language_is_english() {
    let app = start().await;
    let changes = [
        ("number", "4000000000003220"),
        ("lang", "ar"),
        ("frame", ""),
    ];
    let (tx, challenge) = to_challenge(&app, "pp-3ds-ar", &changes).await;
    assert_eq!(
        challenge,
        format!("{}/_sandbox/3ds/{}?lang=ar", app.url, tx["id"])
    );
    let (status, html) = app.page(&challenge).await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"<html lang="ar" dir="rtl">"#), "{html}");
    assert!(
        html.contains(r#"value="complete">إتمام المصادقة</button>"#),
        "{html}"
    );
    assert!(html.contains("<bdi>BRL 150.00</bdi>"), "{html}");

    // A language the page does not speak reads as English, and is carried as `en`.
    let other = challenge.replace("lang=ar", "lang=de");
    let (_, html) = app.page(&other).await;
    assert!(html.contains(r#"<html lang="en" dir="ltr">"#), "{html}");
    assert!(html.contains(r#"value="complete">Complete authentication</button>"#));
    assert!(html.contains(r#"value="fail" class="secondary">Fail authentication</button>"#));
    assert!(html.contains(&format!(r#"action="/_sandbox/3ds/{}?lang=en""#, tx["id"])));

    // Not framed: completing it pays and goes back to the store.
    let response = app.submit(&challenge, "complete").await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(response.headers()["location"], RETURN_URL);
    app.hook("pp-3ds-ar", "PAID").await;
    // Opened again, it shows the result in Arabic, with the link back to the store.
    let (status, html) = app.page(&challenge).await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"<html lang="ar" dir="rtl">"#), "{html}");
    assert!(html.contains(r#"data-status="PAID""#), "{html}");
    assert!(html.contains(&format!(r#"<a href="{RETURN_URL}">العودة إلى المتجر</a>"#)));
    assert!(!html.contains("<button"), "{html}");
}
