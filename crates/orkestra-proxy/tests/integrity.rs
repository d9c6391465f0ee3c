//! `GET /integrity.json` and the loader's versioned address: the values a merchant pins the
//! payment page's scripts by are the SHA-384 of the bytes the proxy actually serves.

mod common;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use common::Stack;
use serde_json::Value;
use sha2::{Digest, Sha384};

async fn get(stack: &Stack, path: &str) -> reqwest::Response {
    let url = format!("{}{path}", stack.proxy_url());
    stack.http.get(url).send().await.unwrap()
}

fn sri(bytes: &[u8]) -> String {
    format!("sha384-{}", STANDARD.encode(Sha384::digest(bytes)))
}

#[tokio::test]
async fn every_pinned_value_is_the_digest_of_what_is_served_and_the_loader_has_a_versioned_address()
{
    let stack = Stack::start().await;
    // The test proxy's assets directory is the stack's temporary directory.
    let dir = stack.dir.path();
    std::fs::write(dir.join("checkout.js"), "export const loader = 1;\n").unwrap();
    std::fs::write(dir.join("page-0123.js"), "export default 1;\n").unwrap();
    std::fs::write(dir.join("page-0123_bg.wasm"), [0u8, 97, 115, 109]).unwrap();
    std::fs::write(dir.join("page-0123.js.gz"), "not listed").unwrap();
    std::fs::create_dir_all(dir.join("locales")).unwrap();
    std::fs::write(dir.join("locales/fr.txt"), "Payer\n").unwrap();

    let manifest = get(&stack, "/integrity.json").await;
    assert_eq!(manifest.status(), 200);
    assert_eq!(manifest.headers()["cache-control"], "public, max-age=300");
    let manifest: Value = manifest.json().await.unwrap();

    let listed: Vec<&str> = manifest["assets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["path"].as_str().unwrap())
        .collect();
    for path in [
        "/assets/locales/fr.txt",
        "/assets/page-0123.js",
        "/assets/page-0123_bg.wasm",
    ] {
        assert!(listed.contains(&path), "{path} in {listed:?}");
    }
    assert!(!listed
        .iter()
        .any(|p| p.ends_with(".gz") || p.ends_with("index.html")));
    for asset in manifest["assets"].as_array().unwrap() {
        let served = get(&stack, asset["path"].as_str().unwrap()).await;
        assert_eq!(served.status(), 200, "{asset}");
        assert_eq!(
            asset["integrity"],
            sri(&served.bytes().await.unwrap()),
            "{asset}"
        );
    }

    let loader = &manifest["loader"];
    let path = loader["path"].as_str().unwrap();
    assert!(
        path.starts_with("/checkout/") && path.ends_with(".js"),
        "{path}"
    );
    let versioned = get(&stack, path).await;
    assert_eq!(versioned.status(), 200);
    assert_eq!(
        versioned.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(versioned.headers()["access-control-allow-origin"], "*");
    assert_eq!(versioned.headers()["content-type"], "text/javascript");
    let bytes = versioned.bytes().await.unwrap();
    assert_eq!(&bytes[..], b"export const loader = 1;\n");
    assert_eq!(loader["integrity"], sri(&bytes));

    // Another build's address is gone: a pin to it fails instead of running other code.
    let stale = get(&stack, "/checkout/0000000000000000.js").await;
    assert_eq!(stale.status(), 404);
    std::fs::write(dir.join("checkout.js"), "export const loader = 2;\n").unwrap();
    let after = get(&stack, path).await;
    assert_eq!(
        after.status(),
        404,
        "a new loader never answers at the old address"
    );
}
