//! The client libraries' generated files, written by `cargo run -p orkestra-client-codegen`:
//!
//! - from orkestra-core's enums (`codes`): `PaymentMethod`, the API error codes and the
//!   validation failure codes as literal unions and lists, for the npm package
//!   (`www/package/src/codes.ts`) and the Python package (`clients/python/.../codes.py`);
//! - from the proxy's `openapi.json` (`schema`): the merchant API's types, for both
//!   (`api.ts`, `types.py`), referring to the code sets wherever the document lists the same
//!   values, and failing when a schema named like a set (`PaymentMethod`) lists others.
//!
//! The unit test below regenerates everything and compares it with the committed files, so
//! a changed enum or document fails `cargo xtask test` until the files are written again.

mod codes;
mod json;
mod python;
mod schema;
mod ts;

use std::path::{Path, PathBuf};

/// One generated file: where it goes (from the workspace root) and its text.
pub struct Generated {
    pub path: &'static str,
    pub text: String,
}

pub const OPENAPI: &str = "crates/orkestra-proxy/openapi.json";

/// The workspace root (this crate is `clients/codegen`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every generated file, from the enums and the document under `root`.
pub fn generate(root: &Path) -> Result<Vec<Generated>, String> {
    let text = std::fs::read_to_string(root.join(OPENAPI))
        .map_err(|e| format!("reading {OPENAPI}: {e}"))?;
    let document = json::Json::parse(&text).map_err(|e| format!("{OPENAPI}: {e}"))?;
    let model = schema::model(&document).map_err(|e| format!("{OPENAPI}: {e}"))?;
    Ok(vec![
        Generated {
            path: "www/package/src/codes.ts",
            text: codes::typescript(),
        },
        Generated {
            path: "www/package/src/api.ts",
            text: ts::api(&model),
        },
        Generated {
            path: "clients/python/src/orkestra_checkout/codes.py",
            text: codes::python(),
        },
        Generated {
            path: "clients/python/src/orkestra_checkout/types.py",
            text: python::types(&model)?,
        },
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_files_are_what_the_enums_and_openapi_json_generate() {
        let root = root();
        let mut stale = Vec::new();
        for file in generate(&root).expect("generation") {
            let committed = std::fs::read_to_string(root.join(file.path)).unwrap_or_default();
            if committed != file.text {
                stale.push(file.path);
            }
        }
        assert!(
            stale.is_empty(),
            "{stale:?} differ from what orkestra-core's enums and {OPENAPI} generate: run \
             `cargo run -p orkestra-client-codegen` and commit the result"
        );
    }

    #[test]
    fn every_enum_value_is_in_the_generated_unions() {
        let files = generate(&root()).expect("generation");
        let ts = &files[0].text;
        let py = &files[2].text;
        for method in orkestra_core::PaymentMethod::ALL {
            assert!(
                ts.contains(&format!("| '{}'", method.as_str())),
                "{method:?}"
            );
            assert!(
                py.contains(&format!("\"{}\",", method.as_str())),
                "{method:?}"
            );
        }
        for code in orkestra_core::ErrorCode::ALL {
            assert!(ts.contains(&format!("| '{}'", code.as_str())), "{code:?}");
        }
        for code in orkestra_core::api::error::ApiErrorCode::ALL {
            assert!(ts.contains(&format!("| '{}'", code.as_str())), "{code:?}");
        }
    }

    fn document_with(methods: &str) -> json::Json {
        json::Json::parse(&format!(
            r##"{{"components": {{"schemas": {{
                "CheckoutSession": {{"type": "object", "properties": {{"method": {{"$ref": "#/components/schemas/PaymentMethod"}}}}}},
                "PaymentMethod": {{"type": "string", "enum": {methods}}}
            }}}}}}"##
        ))
        .unwrap()
    }

    #[test]
    fn a_schema_that_lists_other_methods_than_the_enum_fails_the_generation() {
        let document = document_with(r#"["CARD", "PIX", "CHEQUE"]"#);
        let error = schema::model_of(&document, &["CheckoutSession"])
            .err()
            .unwrap_or_default();
        assert!(error.contains("PaymentMethod differs"), "{error}");
        let fixed = document_with(
            r#"["CARD", "PIX", "BOLETO", "SPEI", "PSE", "CASH", "BANK_TRANSFER", "NEQUI", "DAVIPLATA", "MOBILE_MONEY", "SEPA", "CRYPTO"]"#,
        );
        let model = schema::model_of(&fixed, &["CheckoutSession"]).expect("the enum's values");
        assert_eq!(model.code_refs, ["PaymentMethod"]);
    }
}
